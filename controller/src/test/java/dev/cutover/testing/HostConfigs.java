package dev.cutover.testing;

import dev.cutover.config.HostConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Host configs for tests, pointing at a test's own repository and folders. */
public final class HostConfigs {
    private HostConfigs() {
    }

    public static HostConfig.Repo repo(String url, Path workdir) {
        return new HostConfig.Repo(url, "main", "desired-state", Duration.ofSeconds(30), Optional.empty(),
                "x-access-token", workdir);
    }

    public static HostConfig forRepo(String server, HostConfig.Repo repo, Path upstreamDir) {
        return new HostConfig(Path.of("cutover.yaml"), server, repo,
                new HostConfig.Docker("unix:///var/run/docker.sock", Optional.empty()),
                new HostConfig.Nginx(upstreamDir, List.of("nginx", "-t"), List.of("nginx", "-s", "reload"), "127.0.0.1:8099"),
                Optional.empty());
    }
}
