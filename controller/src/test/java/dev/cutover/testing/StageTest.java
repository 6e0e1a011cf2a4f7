package dev.cutover.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with a {@link Stage} and perhaps a daemon process, both cleaned up after each test. */
public abstract class StageTest {
    @TempDir
    protected Path tmp;
    protected Stage stage;
    protected DaemonProcess daemon;

    @AfterEach
    void stopDaemonAndStage() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (stage != null) {
            stage.close();
        }
    }

    /** The cutover command line aimed at this stage's daemon, run in-process. */
    protected Captured cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin", "127.0.0.1:" + stage.adminPort, "--token-file", tmp.resolve("admin-token").toString()));
        return Captured.run(all.toArray(String[]::new));
    }
}
