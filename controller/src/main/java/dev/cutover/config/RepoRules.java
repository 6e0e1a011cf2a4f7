package dev.cutover.config;

import java.util.Locale;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the {@code repo} section may say. Each rule is a pure function from the value to the
 * problem with it (empty when fine), so it is tested with tables.
 */
final class RepoRules {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    private static final int MAX_BRANCH = 200;
    /** A URL scheme, or git's {@code transport::address} remote-helper syntax ({@code ext::}, {@code fd::}). */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");
    private static final Pattern HELPER = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*::.*");
    /** scp-like ssh: {@code user@host:path}. */
    private static final Pattern SCP = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^:].*");
    private static final Pattern URL_WITH_HOST = Pattern.compile("(https?|ssh)://([^/@]*@)?[A-Za-z0-9.-]+(:[0-9]{1,5})?(/.*)?");

    private RepoRules() {
    }

    static Optional<String> branch(String branch) {
        if (branch.isEmpty() || branch.length() > MAX_BRANCH || branch.startsWith("-") || !isValidBranchName(branch)) {
            return Optional.of(Printable.quote(branch) + " is not a valid branch name");
        }
        return Optional.empty();
    }

    /**
     * git's rules for a branch name (git-check-ref-format), checked here rather than through
     * JGit: every command loads the host config, and loading JGit's signed jar costs a client
     * command a fifth of a second. No control character, space, DEL or any of
     * {@code ~ ^ : ? * [ \}; no {@code ..}, nor {@code @} before a brace; no empty component, none starting
     * with {@code .} or ending with {@code .lock}; not ending with {@code .}.
     */
    static boolean isValidBranchName(String branch) {
        for (int i = 0; i < branch.length(); i++) {
            char c = branch.charAt(i);
            if (c <= ' ' || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0) {
                return false;
            }
        }
        if (branch.contains("..") || branch.contains("@{") || branch.endsWith(".")) {
            return false;
        }
        for (String component : branch.split("/", -1)) {
            if (component.isEmpty() || component.startsWith(".") || component.endsWith(".lock")) {
                return false;
            }
        }
        return true;
    }

    /** The desired-state folder: inside the checkout, so never absolute and never climbing out. */
    static Optional<String> path(String path) {
        if (path.isEmpty() || Printable.hasControl(path)) {
            return Optional.of(Printable.quote(path) + " is not a folder name; give a folder inside the repository, e.g. desired-state or .");
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            return Optional.of(Printable.quote(path) + " is absolute; give a folder inside the repository, e.g. desired-state");
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                return Optional.of(Printable.quote(path) + " climbs out of the repository with '..'; give a folder inside it");
            }
        }
        return Optional.empty();
    }

    static Optional<String> interval(Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            return Optional.of("must be between 1s and 24h (a pass per interval), found " + interval.toMillis() + "ms");
        }
        return Optional.empty();
    }

    /**
     * A local path, {@code file://}, {@code http(s)://}, {@code ssh://} or {@code user@host:path}.
     * git's remote helpers ({@code ext::} runs a command) and every other transport are refused.
     * Errors quote the URL without its user-info, which can hold a password.
     */
    static Optional<String> url(String url) {
        String shown = Printable.quote(Urls.withoutUserInfo(url));
        if (HELPER.matcher(url).matches()) {
            return Optional.of("git remote helpers (transport::address) are not allowed; use a path, file://, http(s)://, ssh:// or git@host:path");
        }
        if (url.isEmpty() || Printable.hasControlOrSpace(url)) {
            return Optional.of(shown + " is not a repository URL (no spaces or control characters)");
        }
        var scheme = SCHEME.matcher(url);
        if (scheme.matches()) {
            String s = scheme.group(1).toLowerCase(Locale.ROOT);
            if (s.equals("file")) {
                return Optional.empty();
            }
            if (!s.equals("http") && !s.equals("https") && !s.equals("ssh")) {
                return Optional.of("the " + Printable.quote(s) + " transport is not allowed; use a path, file://, http(s)://, ssh:// or git@host:path");
            }
            return URL_WITH_HOST.matcher(url).matches() ? Optional.empty()
                    : Optional.of(shown + " is not a URL with a host");
        }
        if (url.startsWith("-")) {
            return Optional.of(shown + " starts with '-'; write a path starting with ./ instead");
        }
        return Optional.empty();
    }

    /** Whether a URL names a remote (not a local path to resolve against the config's folder). */
    static boolean isRemote(String url) {
        return SCHEME.matcher(url).matches() || SCP.matcher(url).matches();
    }
}
