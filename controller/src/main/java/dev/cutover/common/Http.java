package dev.cutover.common;

import java.net.http.HttpClient;
import java.time.Duration;

/** The one HTTP client Cutover's probes share. */
public final class Http {
    static {
        // The confirm probe selects nginx's probe server by Host header, which the JDK client
        // only sends when allowed; it reads the property once, when the first client is built,
        // so it is set here, before CLIENT. (The test JVM sets "host,connection" itself.)
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
    }

    public static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Sleeps, keeping the interrupt for the caller to see. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Http() {
    }
}
