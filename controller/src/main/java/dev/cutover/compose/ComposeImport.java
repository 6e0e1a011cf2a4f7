package dev.cutover.compose;

import dev.cutover.desired.Names;
import dev.cutover.yaml.Excerpt;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Maps a docker compose file, in the shape teams run blue/green by hand (two services per
 * app, one per colour, nginx in front), to the apps and server of a desired-state folder.
 * Pure: it reads text and returns what to write and what to say; nothing runs, nothing is
 * written. A compose file is input like any other, so it is read with {@link SafeYaml}
 * (bounded, no tags) and every value that reaches a message is escaped.
 */
public final class ComposeImport {
    /** What compose itself accepts as a service name; the import puts it in comments and messages. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}");

    private ComposeImport() {
    }

    /** Reads and maps a compose file; {@code label} is how lines name it. */
    public static Imported read(Path file, String label, String server) {
        return map(SafeYaml.parse(file, label), label, server);
    }

    public static Imported map(String text, String label, String server) {
        return map(SafeYaml.parse(text, label), label, server);
    }

    private static Imported map(SafeYaml.Parsed parsed, String label, String server) {
        if (parsed.problem().isPresent()) {
            return new Imported(List.of(), List.of(), List.of(parsed.problem().get()));
        }
        return map(parsed.root().get(), label, server);
    }

    private static Imported map(Node root, String label, String server) {
        Report report = new Report(label);
        if (!PlainTags.check(root, report)) {
            return new Imported(List.of(), List.of(), report.problems());
        }
        List<Pairing.Candidate> candidates = candidates(report, root);
        List<Slots.Placed> placed = new ArrayList<>();
        for (Pairing.Unit u : Pairing.pair(report, candidates)) {
            Service blue = read(report, u.blue(), u.app(), server);
            Service green = u.green() == null ? null : read(report, u.green(), u.app(), server);
            AppAssembler.assemble(report, u.app(), server, blue, green).ifPresent(app -> {
                Service primary = app.services().get(0).equals(blue.name()) ? blue : green;
                placed.add(new Slots.Placed(app, primary.portNode(), "services." + primary.name() + ".ports"));
            });
        }
        List<ImportedApp> apps = Slots.assign(report, placed);
        // Notes are made app by app; read top to bottom, they follow the file.
        List<Problem> notes = new ArrayList<>(report.notes());
        notes.sort(Comparator.comparingInt(Problem::line));
        return new Imported(apps, notes, report.problems());
    }

    private static Service read(Report report, Pairing.Candidate c, String app, String server) {
        return ServiceReader.read(report, c.fields(), c.name(), c.at(), c.image(), c.imageNode(), app, server);
    }

    /** The services that name an image the desired state can hold; the others get a note or a problem. */
    private static List<Pairing.Candidate> candidates(Report report, Node rootNode) {
        List<Pairing.Candidate> out = new ArrayList<>();
        Fields root = MergeKeys.fields(report.file(), "", rootNode, report.problems());
        for (String key : root.entries().keySet()) {
            if (!UnmappedKeys.IGNORED_TOP_LEVEL.contains(key) && !key.startsWith("x-")) {
                report.notMapped(root.keyNode(key), root.path(key), UnmappedKeys.topLevel(key));
            }
        }
        if (!(rootNode instanceof MappingNode)) {
            return out;
        }
        Optional<Node> servicesNode = root.required("services");
        if (servicesNode.isEmpty()) {
            return out;
        }
        Fields services = MergeKeys.fields(report.file(), "services", servicesNode.get(), report.problems());
        services.entries().forEach((name, node) -> {
            String field = services.path(name);
            if (!SERVICE_NAME.matcher(name).matches()) {
                services.problem(services.keyNode(name), field, "not a valid compose service name (letters, digits, . _ -)");
                return;
            }
            Fields svc = MergeKeys.fields(report.file(), field, node, report.problems());
            if (node instanceof MappingNode) {
                candidate(report, services.keyNode(name), name, field, svc).ifPresent(out::add);
            }
        });
        return out;
    }

    private static Optional<Pairing.Candidate> candidate(Report report, Node at, String name, String serviceField, Fields svc) {
        String field = svc.path("image");
        Optional<String> image = svc.string("image", false);
        if (image.isEmpty()) {
            if (!svc.has("image")) {
                report.notMapped(at, serviceField, "no image: Cutover deploys images from a registry; build and push it in CI, "
                        + "then name it under image");
            }
            return Optional.empty();
        }
        Node imageNode = svc.node("image").get();
        ImageRef ref = ImageRef.parse(image.get());
        Interpolation.Resolved repository = Interpolation.resolve(ref.repository());
        if (!repository.complete()) {
            report.notMapped(imageNode, field, "the repository needs " + Excerpt.of(repository.neededText())
                    + " from the shell; write it out");
            return Optional.empty();
        }
        String problem = Names.imageProblem(repository.value());
        if (problem != null) {
            report.notMapped(imageNode, field, problem);
            return Optional.empty();
        }
        return Optional.of(new Pairing.Candidate(name, at, svc, new ImageRef(repository.value(), ref.tag(), ref.digest()), imageNode));
    }
}
