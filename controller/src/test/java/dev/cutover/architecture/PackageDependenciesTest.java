package dev.cutover.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: effect packages (git, docker, nginx, health, …) and the leaf
 * packages of shared values never import the reconcile core or what drives it, and no two
 * packages import each other, directly or around a loop. Read from the sources, so a new
 * import that breaks the rule fails here before review.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/cutover");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cutover\\.([a-z]+)\\.[A-Z]");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (static )?dev\\.cutover\\.([a-z]+)\\.");

    /** Packages that carry out effects or hold shared values: they must not know the core. */
    private static final Set<String> BELOW_THE_CORE = Set.of("traffic", "fleet",
            "common", "outcome", "yaml", "desired", "config", "compose", "git", "docker", "nginx", "health", "prometheus");
    private static final Set<String> CORE_AND_ABOVE = Set.of("reconcile", "daemon", "http", "cli", "metrics", "notify");

    @Test
    void noPackageBelowTheCoreImportsTheCoreOrWhatDrivesIt() {
        List<String> violations = new ArrayList<>();
        dependencies().forEach((from, tos) -> {
            if (BELOW_THE_CORE.contains(from)) {
                tos.stream().filter(CORE_AND_ABOVE::contains).forEach(to -> violations.add(from + " -> " + to));
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void noTwoPackagesDependOnEachOtherDirectlyOrAroundALoop() {
        Map<String, Set<String>> deps = dependencies();
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            findCycle(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles);
    }

    @Test
    void everyPackageIsClassifiedSoANewOneGetsARule() {
        Set<String> unknown = new TreeSet<>(dependencies().keySet());
        unknown.removeAll(BELOW_THE_CORE);
        unknown.removeAll(CORE_AND_ABOVE);
        assertEquals(Set.of(), unknown, "add the new package to BELOW_THE_CORE or CORE_AND_ABOVE");
    }

    @Test
    void ourOwnClassesAreImportedNotNamedInlineSoEveryDependencyIsVisibleAtTheTop() {
        List<String> inline = new ArrayList<>();
        forEachSource((pkg, file, text) -> {
            String body = text.replaceAll("(?m)^(package|import) .*$", "");
            Matcher m = REFERENCE.matcher(body);
            if (m.find()) {
                inline.add(file + ": " + m.group());
            }
        });
        assertEquals(List.of(), inline);
    }

    @Test
    void theRulesSeeTheRealSources() {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.get("reconcile").contains("docker"), "the scan found the core's imports: " + deps);
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> deps, List<String> path,
                                  Set<String> seen, List<String> cycles) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                String cycle = String.join(" -> ", path) + " -> " + start;
                // Report each loop once, from its alphabetically first package.
                if (path.stream().allMatch(p -> p.compareTo(start) >= 0)) {
                    cycles.add(cycle);
                }
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, deps, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Package to the other packages of ours it names, by import or inline. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        forEachSource((pkg, file, text) -> {
            Set<String> tos = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                tos.add(m.group(2));
            }
            Matcher r = REFERENCE.matcher(text);
            while (r.find()) {
                tos.add(r.group(1));
            }
            tos.remove(pkg);
        });
        return deps;
    }

    private interface SourceVisitor {
        void visit(String pkg, Path file, String text);
    }

    private static void forEachSource(SourceVisitor visitor) {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = SOURCES.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue; // Main.java, the entry point, sits above every package
                }
                visitor.visit(rel.getName(0).toString(), f, Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
