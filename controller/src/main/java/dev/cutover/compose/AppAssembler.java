package dev.cutover.compose;

import dev.cutover.desired.HostPolicy;
import dev.cutover.desired.Names;
import dev.cutover.yaml.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes one app from its compose services (blue and green, or one service alone): the port,
 * the slots, the bind address, the tag, the health path and the environment, with a note
 * for every choice the reader should check. A single service's green slot is left 0 here
 * and chosen once every app's ports are known.
 */
final class AppAssembler {
    private final Report report;
    private final String app;
    private final String server;

    private AppAssembler(Report report, String app, String server) {
        this.report = report;
        this.app = app;
        this.server = server;
    }

    /** @param green null for a single service */
    static Optional<ImportedApp> assemble(Report report, String app, String server, Service blue, Service green) {
        return new AppAssembler(report, app, server).assemble(blue, green);
    }

    private Optional<ImportedApp> assemble(Service blue, Service green) {
        if (green != null && (blue.port().isEmpty() || green.port().isEmpty())) {
            Service without = blue.port().isEmpty() ? blue : green;
            Service with = blue.port().isEmpty() ? green : blue;
            noPort(without);
            return with.port().isEmpty() ? Optional.empty() : assemble(with, null);
        }
        if (blue.port().isEmpty()) {
            noPort(blue);
            return Optional.empty();
        }
        Ports.Published p = blue.port().get();
        int greenSlot = 0;
        if (green != null) {
            Ports.Published g = green.port().get();
            if (g.container() != p.container()) {
                report.note(green.portNode(), field(green, "ports"), "container port " + g.container() + " differs from "
                        + blue.name() + "'s " + p.container() + ", which is used (both colours run the same image)");
            }
            if (!g.hostIp().equals(p.hostIp())) {
                report.note(green.portNode(), field(green, "ports"), "host address differs from " + blue.name() + "'s, which is used");
            }
            if (g.host() == p.host()) {
                report.note(green.portNode(), field(green, "ports"), "same host port as " + blue.name() + "; green gets another slot");
            } else {
                greenSlot = g.host();
            }
        }
        List<Service> services = green == null ? List.of(blue) : List.of(blue, green);
        EnvMapping.Mapped env = EnvMapping.map(report, app, services);
        return Optional.of(new ImportedApp(app, blue.image().repository(), p.container(), p.host(), greenSlot,
                bind(blue, p), healthPath(services), env.env(), env.secrets(), tag(blue, green),
                services.stream().map(Service::name).toList()));
    }

    private void noPort(Service s) {
        // No ports entry at all points at the service; entries that could not be mapped have their own lines.
        String field = s.portNode() == s.at() ? "services." + s.name() : field(s, "ports");
        report.notMapped(s.portNode(), field, "no published host port (like 4000:3000), so nothing for nginx to "
                + "route to; Cutover deploys HTTP apps behind nginx on two host ports");
    }

    private Optional<String> bind(Service s, Ports.Published p) {
        if (p.hostIp().isEmpty()) {
            report.note(s.portNode(), field(s, "ports"), "compose publishes on all interfaces; Cutover publishes the slots on "
                    + "127.0.0.1 for nginx (to go beyond loopback, set bind and allow it in the host config's exposure.appBinds)");
            return Optional.empty();
        }
        String ip = p.hostIp().get();
        if (ip.equals("127.0.0.1")) {
            return Optional.empty();
        }
        if (HostPolicy.isLoopback(ip)) {
            return Optional.of(ip);
        }
        report.notMapped(s.portNode(), field(s, "ports"), "bind " + ip + " reaches beyond loopback, which the host config must "
                + "allow (exposure.appBinds); the slots are published on 127.0.0.1 until you add bind: " + ip + " to apps/" + app + ".yaml");
        return Optional.empty();
    }

    private Optional<String> healthPath(List<Service> services) {
        for (Service s : services) {
            if (s.healthPath().isPresent()) {
                return s.healthPath();
            }
        }
        Service first = services.get(0);
        if (services.stream().noneMatch(Service::healthcheck)) {
            report.note(first.at(), "services." + first.name(), "no healthcheck: health.path defaults to /; set it in apps/"
                    + app + ".yaml to a path that answers 2xx only when the app is ready");
        }
        return Optional.empty();
    }

    /** The tag the server file pins: written, or the default of the variable it comes from. */
    private Optional<String> tag(Service blue, Service green) {
        ImageRef image = blue.image();
        String field = field(blue, "image");
        String listLine = "; " + app + " is left out of servers/" + server + ".yaml: add '" + app + ": {tag: ...}' under its apps";
        if (green != null && !green.image().tag().equals(image.tag())) {
            report.note(green.imageNode(), field(green, "image"), "its tag differs from " + blue.name() + "'s, which is used");
        }
        image.digest().ifPresent(d -> report.notMapped(blue.imageNode(), field, "the digest; Cutover deploys by tag"));
        if (image.tag().isEmpty()) {
            report.note(blue.imageNode(), field, "no tag (compose pulls latest): servers/" + server + ".yaml says latest; "
                    + "write a version there, since a deploy is a change of that line");
            return Optional.of("latest");
        }
        Interpolation.Resolved r = Interpolation.resolve(image.tag().get());
        if (!r.complete()) {
            report.notMapped(blue.imageNode(), field, "the tag comes from " + Excerpt.of(r.neededText()) + ", which has no default" + listLine);
            return Optional.empty();
        }
        if (!Names.TAG.matcher(r.value()).matches()) {
            report.notMapped(blue.imageNode(), field, "'" + Excerpt.of(r.value()) + "' is not a valid image tag" + listLine);
            return Optional.empty();
        }
        if (r.usedDefault() || r.value().equals("latest")) {
            String from = r.usedDefault() ? " (the default of " + Excerpt.of(image.tag().get()) + ")" : "";
            report.note(blue.imageNode(), field, "servers/" + server + ".yaml says tag " + r.value() + from
                    + "; a deploy is a change of that line, so write the version you run");
        }
        return Optional.of(r.value());
    }

    private static String field(Service s, String key) {
        return "services." + s.name() + "." + key;
    }
}
