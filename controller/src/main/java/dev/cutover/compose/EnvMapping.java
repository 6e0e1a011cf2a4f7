package dev.cutover.compose;

import dev.cutover.yaml.Excerpt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Splits the environment of an app's services into what git may hold ({@code env}) and what
 * only the host may ({@code secrets}: names here, values in the host's secrets file). A
 * secret's value is never written and never quoted; plain values are not quoted in notes
 * either, since what looks plain to a pattern may not be.
 */
final class EnvMapping {
    /** The most variables an app file may hold (the loader's limit). */
    static final int MAX_ENV = 1000;

    /** @param secrets the names whose values go into the host's secrets file */
    record Mapped(Map<String, String> env, List<String> secrets) {
    }

    private EnvMapping() {
    }

    static Mapped map(Report report, String app, List<Service> services) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        Map<String, Service.EnvVar> first = new LinkedHashMap<>();
        for (Service s : services) {
            String field = "services." + s.name() + ".environment";
            for (Service.EnvVar v : s.env()) {
                Service.EnvVar earlier = first.putIfAbsent(v.name(), v);
                if (earlier == null) {
                    classify(report, app, field, v, env, secrets);
                } else if (!Objects.equals(earlier.value(), v.value())) {
                    report.note(v.at(), field + "." + v.name(), "differs from " + services.get(0).name()
                            + "'s value, which is used (one app has one environment for both colours)");
                }
            }
        }
        return new Mapped(env, secrets);
    }

    private static void classify(Report report, String app, String field, Service.EnvVar v,
                                 Map<String, String> env, List<String> secrets) {
        String where = field + "." + v.name();
        String file = "apps/" + app + ".yaml";
        if (SecretNames.isSecret(v.name(), v.value())) {
            secrets.add(v.name());
            report.note(v.at(), where, "looks secret, so its value is not written to git: it is named under secrets in "
                    + file + "; put its value into the host's secrets file (secretsFile) as " + v.name() + ": ...");
            return;
        }
        if (v.value() == null) {
            report.notMapped(v.at(), where, "compose takes its value from the shell; write it under env in " + file
                    + " (or under secrets, with the value in the host's secrets file)");
            return;
        }
        Interpolation.Resolved r = Interpolation.resolve(v.value());
        if (env.size() >= MAX_ENV) {
            report.notMapped(v.at(), where, "an app has at most " + MAX_ENV + " plain variables");
        } else if (!r.complete()) {
            report.notMapped(v.at(), where, "its value needs " + Excerpt.of(r.neededText()) + " from the shell; write the value under env in "
                    + file + " (or under secrets)");
        } else if (r.value().indexOf('\n') >= 0 || r.value().indexOf('\r') >= 0 || r.value().indexOf('\0') >= 0) {
            report.notMapped(v.at(), where, "its value spans lines; env values are one line");
        } else {
            env.put(v.name(), r.value());
            if (r.usedDefault()) {
                report.note(v.at(), where, "the default written in the file is used; compose would take the shell's value when set");
            }
        }
    }
}
