package dev.cutover.git;

import java.time.Instant;

/** A commit of the desired-state repository: what Cutover is converging to. */
public record Revision(String sha, Instant authorTime, String subject) {
    public String shortSha() {
        return sha.substring(0, Math.min(12, sha.length()));
    }
}
