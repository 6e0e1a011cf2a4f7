package dev.cutover.compose;

import dev.cutover.common.Colour;
import dev.cutover.desired.Names;
import dev.cutover.yaml.Fields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Groups compose services into apps: two services whose names differ only by blue/green and
 * that run the same image repository are the two colours of one app; every other service is
 * an app of its own. Each app gets a name the desired state accepts, or a note says why the
 * service is left out.
 */
final class Pairing {
    /** A service that has an image the desired state can name. */
    record Candidate(String name, Node at, Fields fields, ImageRef image, Node imageNode) {
    }

    /** One app to make: {@code green} is null for a service on its own. */
    record Unit(String app, Candidate blue, Candidate green) {
    }

    private Pairing() {
    }

    static List<Unit> pair(Report report, List<Candidate> candidates) {
        Map<String, List<Candidate>> groups = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            Colours.Named n = Colours.split(c.name());
            String key = n.colour().isPresent() ? n.base() + "\n" + c.image().repository() : "\n" + c.name();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<Unit> units = new ArrayList<>();
        Map<String, String> taken = new HashMap<>();
        for (List<Candidate> group : groups.values()) {
            List<Candidate> blues = ofColour(group, Colour.BLUE);
            List<Candidate> greens = ofColour(group, Colour.GREEN);
            if (blues.size() == 1 && greens.size() == 1) {
                named(report, taken, Colours.split(blues.get(0).name()).base(), blues.get(0), greens.get(0)).ifPresent(units::add);
                continue;
            }
            for (Candidate c : group) {
                Colours.Named n = Colours.split(c.name());
                if (n.colour().isPresent()) {
                    report.note(c.at(), "services." + c.name(), "no single " + n.colour().get().other().label()
                            + " partner with the same base name and image; imported as an app of its own, named after the service");
                }
                named(report, taken, c.name(), c, null).ifPresent(units::add);
            }
        }
        units.sort(Comparator.comparingInt(u -> Fields.line(u.blue().at())));
        return units;
    }

    private static List<Candidate> ofColour(List<Candidate> group, Colour colour) {
        return group.stream().filter(c -> Colours.split(c.name()).colour().filter(colour::equals).isPresent()).toList();
    }

    /** The unit under an app name made from {@code base}, or else from the image's last path part. */
    private static Optional<Unit> named(Report report, Map<String, String> taken, String base, Candidate blue, Candidate green) {
        String app = Colours.appName(base);
        if (!Names.NAME.matcher(app).matches()) {
            String repository = blue.image().repository();
            app = Colours.appName(repository.substring(repository.lastIndexOf('/') + 1));
        }
        String field = "services." + blue.name();
        if (!Names.NAME.matcher(app).matches()) {
            report.notMapped(blue.at(), field, "no app name can be made from it (lower-case letters, digits and -, at most 40)");
            return Optional.empty();
        }
        String sources = green == null ? blue.name() : blue.name() + " and " + green.name();
        String other = taken.putIfAbsent(app, sources);
        if (other != null) {
            report.notMapped(blue.at(), field, "its app name " + app + " is taken by " + other + "; rename the service");
            return Optional.empty();
        }
        return Optional.of(new Unit(app, blue, green));
    }
}
