package dev.cutover.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's own configuration ({@code cutover.yaml}, not in git): which server this is,
 * where the desired state comes from, and how to reach Docker and nginx. Relative paths in
 * the file are resolved against the file's folder.
 */
public record HostConfig(
        Path file,
        String server,
        Repo repo,
        Docker docker,
        Nginx nginx,
        Optional<Path> secretsFile,
        Admin admin,
        Optional<Path> webhookSecretFile,
        List<Notification> notifications) {

    public HostConfig {
        notifications = List.copyOf(notifications);
    }

    /** The config of a host that only deploys (no admin token, webhook or notifications). */
    public HostConfig(Path file, String server, Repo repo, Docker docker, Nginx nginx, Optional<Path> secretsFile) {
        this(file, server, repo, docker, nginx, secretsFile, Admin.DEFAULT, Optional.empty(), List.of());
    }

    /**
     * @param listen    host:port of the admin HTTP listener (metrics, status, sync, webhook)
     * @param tokenFile file holding the admin token that mutating calls must present
     */
    public record Admin(String listen, Optional<Path> tokenFile) {
        public static final Admin DEFAULT = new Admin("127.0.0.1:9470", Optional.empty());
    }

    /** Where deploy events are posted, and in which body format. */
    public record Notification(String url, Format format) {
        public enum Format { GENERIC, SLACK, DISCORD }
    }

    /**
     * @param url         a local path, file://, http(s):// or ssh:// URL
     * @param path        the desired-state folder inside the repository
     * @param credentials https: a file holding a token; ssh: a private key file
     * @param workdir     where Cutover keeps its clone
     */
    public record Repo(String url, String branch, String path, Duration interval,
                       Optional<Path> credentials, String username, Path workdir) {
    }

    /**
     * @param host   the engine endpoint, e.g. unix:///var/run/docker.sock
     * @param config folder of the Docker client config (config.json) holding registry credentials
     */
    public record Docker(String host, Optional<Path> config) {
    }

    /**
     * @param upstreamDir folder of the upstream files Cutover manages, included by nginx
     * @param test        the config test command, as an argument list
     * @param reload      the reload command, as an argument list
     * @param probe       host:port of the loopback listener Cutover adds to confirm a switch
     */
    public record Nginx(Path upstreamDir, List<String> test, List<String> reload, String probe) {
        public Nginx {
            test = List.copyOf(test);
            reload = List.copyOf(reload);
        }
    }
}
