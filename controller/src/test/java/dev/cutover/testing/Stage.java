package dev.cutover.testing;

import dev.cutover.config.HostConfig;
import dev.cutover.docker.DockerEngine;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.git.DesiredSource;
import dev.cutover.common.Http;
import dev.cutover.nginx.Nginx;
import dev.cutover.common.Colour;
import dev.cutover.reconcile.PassListener;
import dev.cutover.reconcile.PassResult;
import dev.cutover.reconcile.Reconciler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One server's world for an integration test, all real: a git repository holding the
 * desired state, an nginx serving the repo's local site config, the Docker engine and the
 * local registry with the demo images, and a Reconciler wired to them.
 */
public final class Stage implements AutoCloseable {
    public static final String SECRET_VALUE = "planted-secret-7f3a9c";

    public final int adminPort;
    public final int sparePort;
    public final String server;
    public final String app;
    public final int bluePort;
    public final GitRepo repo;
    public final NginxServer nginx;
    public final HostConfig config;
    public final DockerEngine docker;
    public final Reconciler reconciler;
    public final List<String> progress = new CopyOnWriteArrayList<>();

    public Stage(Path tmp, String name) {
        this(tmp, name, HostConfig.Allow.NONE);
    }

    /** A stage whose host config lets apps bind-mount from and join what {@code allow} names. */
    public Stage(Path tmp, String name, HostConfig.Allow allow) {
        this(tmp, name, allow, Optional.empty());
    }

    /** A stage whose host config names a Prometheus for bake queries. */
    public Stage(Path tmp, String name, HostConfig.Allow allow, Optional<URI> prometheus) {
        int base = PortBlocks.claim();
        this.server = "it-" + name;
        this.app = name;
        this.bluePort = base + 2;
        this.adminPort = base + 8;
        this.sparePort = base + 9;
        this.repo = new GitRepo(tmp.resolve("git"));
        this.nginx = new NginxServer(tmp.resolve("nginx"), base, "up_" + name.replace('-', '_'));
        Path secrets = tmp.resolve("secrets.yaml");
        try {
            Files.writeString(secrets, "DB_PASSWORD: " + SECRET_VALUE + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.config = new HostConfig(tmp.resolve("cutover.yaml"), server,
                new HostConfig.Repo(repo.remote().toString(), "main", "desired-state", Duration.ofSeconds(30),
                        Optional.empty(), "x-access-token", tmp.resolve("clone")),
                new HostConfig.Docker("unix:///var/run/docker.sock", Optional.empty()),
                new HostConfig.Nginx(nginx.upstreamDir(), nginx.command("-t", "-q"), nginx.command("-s", "reload"),
                        "127.0.0.1:" + (base + 1), nginx.accessLog(), nginx.pidFile()),
                Optional.of(secrets), HostConfig.Admin.DEFAULT, Optional.empty(), List.of(), HostConfig.Exposure.NONE, allow,
                HostConfig.Deploy.DEFAULT, prometheus);
        this.docker = new DockerEngine(config.docker().host(), Optional.empty());
        removeContainers();
        this.reconciler = new Reconciler(config, new DesiredSource(config), docker, new Nginx(config.nginx()), PassListener.printing(progress::add));
        repo.write("desired-state/apps/" + app + ".yaml", appYaml(app, bluePort, "up_" + name.replace('-', '_')));
    }

    /**
     * Writes this stage's host config as a cutover.yaml for a daemon process, with an admin
     * token and a webhook secret, polling every {@code interval}.
     */
    public Path writeConfig(Path dir, String interval, String extraYaml) {
        try {
            Files.writeString(dir.resolve("admin-token"), ADMIN_TOKEN + "\n");
            Files.writeString(dir.resolve("webhook-secret"), WEBHOOK_SECRET + "\n");
            Path file = dir.resolve("cutover.yaml");
            Files.writeString(file, """
                    server: %s
                    repo:
                      url: %s
                      interval: %s
                      workdir: %s
                    nginx:
                      upstreamDir: %s
                      test: %s
                      reload: %s
                      probe: %s
                      accessLog: %s
                      pidFile: %s
                    secretsFile: %s
                    admin:
                      listen: 127.0.0.1:%d
                      tokenFile: admin-token
                    webhook:
                      secretFile: webhook-secret
                    """.formatted(server, config.repo().url(), interval, dir.resolve("daemon-clone"), nginx.upstreamDir(),
                    flow(config.nginx().test()), flow(config.nginx().reload()), config.nginx().probe(), nginx.accessLog(),
                    config.nginx().pidFile(), config.secretsFile().orElseThrow(), adminPort) + extraYaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final String ADMIN_TOKEN = "admin-token-4b1d9e2f7c";
    public static final String WEBHOOK_SECRET = "webhook-secret-93ac5e17";

    private static String flow(List<String> args) {
        return "[" + String.join(", ", args.stream().map(a -> "\"" + a + "\"").toList()) + "]";
    }

    /** The test app: the demo image on this stage's ports, with a short deadline so broken builds fail fast. */
    public static String appYaml(String app, int bluePort, String upstream) {
        return """
                image: 127.0.0.1:5000/cutover-demo
                port: 3000
                slots: {blue: %d, green: %d}
                health: {path: /api/ping, timeout: 500ms, interval: 20ms, deadline: 8s, successes: 3, settle: 3s}
                drainTimeout: 15s
                bake: 0s
                stopTimeout: 2s
                keepImages: 20
                env: {APP_ENV: test}
                secrets: [DB_PASSWORD]
                upstream: %s
                """.formatted(bluePort, bluePort + 1, upstream);
    }

    /** Commits a server file that runs the stage's app at {@code tag}. */
    public String desire(String tag) {
        repo.write("desired-state/servers/" + server + ".yaml", "apps:\n  " + app + ":\n    tag: " + tag + "\n");
        return repo.commitAndPush("Deploy " + app + " " + tag);
    }

    public PassResult pass() {
        progress.clear();
        return reconciler.pass();
    }

    /** What nginx serves on the health path right now: the version string, or "HTTP nnn". */
    public String serving() {
        try {
            HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(nginx.url("/api/ping")))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().trim() : "HTTP " + r.statusCode();
        } catch (IOException e) {
            return "error: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public List<ManagedContainer> containers() {
        return docker.managedContainers(server);
    }

    public Optional<ManagedContainer> container(Colour colour) {
        return containers().stream().filter(c -> c.colour() == colour && c.replica() == 0).findFirst();
    }

    public String upstreamFile() {
        try {
            return Files.readString(nginx.upstreamDir().resolve("up_" + app.replace('-', '_') + ".conf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeContainers() {
        for (ManagedContainer c : docker.managedContainers(server)) {
            docker.remove(c.id());
        }
        docker.releaseContainers(server).forEach(r -> docker.remove(r.id()));
        docker.workerContainers(server).forEach(w -> docker.remove(w.id()));
    }

    @Override
    public void close() throws IOException {
        removeContainers();
        nginx.close();
        docker.close();
    }
}
