package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No package cycle in bridge-core, read from the compiled classes with the JDK's {@code jdeps}. The one kind
 * of edge allowed back is an API package reaching into an {@code internal} package for a factory
 * ({@code SessionBridge.create}, {@code CEndpoint.nio}, {@code Recording.open}): those edges are left out, and
 * what remains (API to API, internal to API, internal to internal) must have no cycle.
 */
class PackageCyclesTest {
    private static final String ROOT = "io.github.sessionbridge.core";

    @Test
    void no_package_cycle_but_factories(@TempDir Path tmp) throws IOException {
        Map<String, Set<String>> edges = edges(tmp);
        assertThat(edges).as("jdeps found the packages").containsKey(ROOT + ".internal");
        Map<String, Set<String>> kept = new TreeMap<>();
        edges.forEach((from, tos) -> {
            for (String to : tos) {
                boolean factory = !isInternal(from) && isInternal(to);
                if (!factory && !from.equals(to)) {
                    kept.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        });
        assertThat(cycles(kept)).as("package cycles (edges from API into internal packages left out)").isEmpty();
    }

    @Test
    void the_check_sees_a_cycle() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertThat(cycles(g)).containsExactly(List.of("a", "b", "c"));
    }

    private static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    /** Package to packages it uses, within bridge-core. */
    private static Map<String, Set<String>> edges(Path tmp) throws IOException {
        Path classes = Paths.get(SessionBridge.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path copy = tmp.resolve("classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(classes.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("module-info.class")) {
                    Files.copy(p, target);
                }
            }
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17", "-verbose:package",
                "-filter:none", "-cp", System.getProperty("java.class.path"), copy.toString());
        assertThat(rc).as("jdeps: %s", out).isZero();
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith(ROOT) && f[2].startsWith(ROOT)
                    && (f[2].equals(ROOT) || f[2].startsWith(ROOT + "."))) {
                edges.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
            }
        }
        return edges;
    }

    /** The strongly connected components of more than one package, each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> g) {
        List<List<String>> found = new ArrayList<>();
        Set<String> nodes = new TreeSet<>(g.keySet());
        g.values().forEach(nodes::addAll);
        Set<String> done = new TreeSet<>();
        for (String n : nodes) {
            if (done.contains(n)) {
                continue;
            }
            // the component of n: what n reaches that also reaches n
            Set<String> reach = reach(g, n);
            List<String> component = new ArrayList<>();
            for (String m : reach) {
                if (reach(g, m).contains(n)) {
                    component.add(m);
                }
            }
            done.addAll(component);
            if (component.size() > 1) {
                component.sort(null);
                found.add(component);
            }
        }
        return found;
    }

    private static Set<String> reach(Map<String, Set<String>> g, String from) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (seen.add(n)) {
                todo.addAll(g.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }
}
