package dev.cutover.desired;

/**
 * Where this server stands in a rollout of one of its apps.
 *
 * @param wave   this server's wave, counted from 1
 * @param pinned the server file gives the app a tag of its own, which wins: the rollout does not move it
 */
public record RolloutPlace(Rollout rollout, int wave, boolean pinned) {
    public String app() {
        return rollout.app();
    }
}
