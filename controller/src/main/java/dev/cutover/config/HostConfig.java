package dev.cutover.config;

import dev.cutover.desired.HostPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        List<Notification> notifications,
        Exposure exposure,
        Allow allow,
        Deploy deploy,
        Optional<URI> prometheus,
        Fleet fleet) {

    public HostConfig {
        notifications = List.copyOf(notifications);
    }

    /** The config of a host that only deploys (no admin token, webhook or notifications). */
    public HostConfig(Path file, String server, Repo repo, Docker docker, Nginx nginx, Optional<Path> secretsFile) {
        this(file, server, repo, docker, nginx, secretsFile, Admin.DEFAULT, Optional.empty(), List.of(), Exposure.NONE);
    }

    /** A host config that allows no bind mount and no network. */
    public HostConfig(Path file, String server, Repo repo, Docker docker, Nginx nginx, Optional<Path> secretsFile,
                      Admin admin, Optional<Path> webhookSecretFile, List<Notification> notifications, Exposure exposure) {
        this(file, server, repo, docker, nginx, secretsFile, admin, webhookSecretFile, notifications, exposure, Allow.NONE);
    }

    /** A host config with the default deploy settings. */
    public HostConfig(Path file, String server, Repo repo, Docker docker, Nginx nginx, Optional<Path> secretsFile,
                      Admin admin, Optional<Path> webhookSecretFile, List<Notification> notifications, Exposure exposure,
                      Allow allow) {
        this(file, server, repo, docker, nginx, secretsFile, admin, webhookSecretFile, notifications, exposure, allow,
                Deploy.DEFAULT);
    }

    /** A host config without a Prometheus for bake queries. */
    public HostConfig(Path file, String server, Repo repo, Docker docker, Nginx nginx, Optional<Path> secretsFile,
                      Admin admin, Optional<Path> webhookSecretFile, List<Notification> notifications, Exposure exposure,
                      Allow allow, Deploy deploy) {
        this(file, server, repo, docker, nginx, secretsFile, admin, webhookSecretFile, notifications, exposure, allow, deploy,
                Optional.empty());
    }

    /** A host config that publishes its fleet status with the defaults. */
    public HostConfig(Path file, String server, Repo repo, Docker docker, Nginx nginx, Optional<Path> secretsFile,
                      Admin admin, Optional<Path> webhookSecretFile, List<Notification> notifications, Exposure exposure,
                      Allow allow, Deploy deploy, Optional<URI> prometheus) {
        this(file, server, repo, docker, nginx, secretsFile, admin, webhookSecretFile, notifications, exposure, allow, deploy,
                prometheus, Fleet.DEFAULT);
    }

    /**
     * How this server takes part in rollouts across servers.
     *
     * @param publish   publish this server's status to {@code refs/cutover/status/<server>} when a rollout names it
     *                  (off: this server neither tells nor waits for the others; it acts alone)
     * @param heartbeat how often an unchanged status is published again, so that other servers can tell this one
     *                  is alive; at most once per pass
     */
    public record Fleet(boolean publish, Duration heartbeat) {
        public static final Fleet DEFAULT = new Fleet(true, Duration.ofMinutes(1));
    }

    /**
     * How a pass deploys.
     *
     * @param parallelism how many apps deploy at once within a pass (each app's own steps stay in order)
     */
    public record Deploy(int parallelism) {
        public static final int MAX_PARALLELISM = 16;
        public static final Deploy DEFAULT = new Deploy(4);

        public Deploy {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("parallelism must be 1 to " + MAX_PARALLELISM + ", not " + parallelism);
            }
        }
    }

    /**
     * Explicit, named opt-ins beyond loopback. Without them every listener and every app's
     * published ports stay on 127.0.0.0/8.
     *
     * @param admin    {@code admin.listen} may be a non-loopback address
     * @param probe    {@code nginx.probe} may be a non-loopback address
     * @param appBinds addresses beyond loopback that apps may publish their slot ports on
     */
    public record Exposure(boolean admin, boolean probe, Set<String> appBinds) {
        public static final Exposure NONE = new Exposure(false, false, Set.of());

        public Exposure {
            appBinds = Set.copyOf(appBinds);
        }
    }

    /**
     * What apps may reach on the host beyond their own container.
     *
     * @param bindMounts host folders (absolute, normalised) apps may bind-mount from
     * @param networks   existing Docker networks apps may join
     */
    public record Allow(List<String> bindMounts, Set<String> networks) {
        public static final Allow NONE = new Allow(List.of(), Set.of());

        public Allow {
            bindMounts = List.copyOf(bindMounts);
            networks = Set.copyOf(networks);
        }
    }

    /** What this host lets its desired state ask for: bind addresses, ports it holds itself, folders and networks. */
    public HostPolicy policy() {
        Map<Integer, String> reserved = new HashMap<>();
        ListenAddress.parse(admin.listen()).ifPresent(a -> reserved.put(a.port(), "the admin listener (admin.listen)"));
        ListenAddress.parse(nginx.probe()).ifPresent(a -> reserved.put(a.port(), "nginx's probe listener (nginx.probe)"));
        return new HostPolicy(exposure.appBinds(), reserved, allow.bindMounts(), allow.networks(), prometheus.isPresent());
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
        /** The URL without any {@code user:password@} part: what logs and errors may show. */
        public String safeUrl() {
            return Urls.withoutUserInfo(url);
        }
    }

    /**
     * @param host   the engine endpoint, e.g. unix:///var/run/docker.sock
     * @param config folder of the Docker client config (config.json) holding registry credentials
     * @param namePrefix put before every container name Cutover gives, so that several servers' daemons can share
     *                   one engine (a test fleet on one machine); empty on a real server
     */
    public record Docker(String host, Optional<Path> config, String namePrefix) {
        /** Containers named as Cutover names them, without a prefix. */
        public Docker(String host, Optional<Path> config) {
            this(host, config, "");
        }
    }

    /**
     * @param upstreamDir folder of the upstream files Cutover manages, included by nginx
     * @param test        the config test command, as an argument list
     * @param reload      the reload command, as an argument list
     * @param probe       host:port of the loopback listener Cutover adds to confirm a switch
     * @param accessLog   the access log nginx writes in Cutover's format, read during bakes
     * @param pidFile     nginx's pid file: its master's workers tell when a reload has taken
     */
    public record Nginx(Path upstreamDir, List<String> test, List<String> reload, String probe, Path accessLog, Path pidFile) {
        public static final Path DEFAULT_ACCESS_LOG = Path.of("/var/log/nginx/cutover-access.log");
        public static final Path DEFAULT_PID_FILE = Path.of("/run/nginx.pid");

        public Nginx {
            test = List.copyOf(test);
            reload = List.copyOf(reload);
        }

        /** With the access log and pid file where Debian's nginx writes them. */
        public Nginx(Path upstreamDir, List<String> test, List<String> reload, String probe) {
            this(upstreamDir, test, reload, probe, DEFAULT_ACCESS_LOG, DEFAULT_PID_FILE);
        }
    }
}
