import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The public API of a module as text, checked in beside it ({@code MODULE/api/MODULE.api}), so that every
 * change to it shows in a diff and is made on purpose (as OkHttp's {@code .api} files).
 *
 * <p>Run by the JDK's source launcher from the published modules' POMs at {@code verify}:
 * {@code java ApiDump.java CLASSES-DIR API-FILE check|update}. The dump is {@code javap -protected} of every
 * public or protected top-level and nested type outside packages named {@code internal}, sorted by type,
 * members in declaration order. {@code check} fails (exit 1) with the lines that differ when the file is not
 * what the classes give; {@code update} (the build's {@code -Dapi.update=true}) rewrites it.
 */
public final class ApiDump {
    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !List.of("check", "update").contains(args[2])) {
            System.err.println("usage: java ApiDump.java CLASSES-DIR API-FILE check|update");
            System.exit(2);
        }
        Path classes = Path.of(args[0]);
        Path apiFile = Path.of(args[1]);
        String dump = dump(classes);
        if (args[2].equals("update")) {
            Files.createDirectories(apiFile.toAbsolutePath().getParent());
            Files.writeString(apiFile, dump, StandardCharsets.UTF_8);
            System.out.println("[api] wrote " + apiFile);
            return;
        }
        String expected = Files.exists(apiFile) ? Files.readString(apiFile, StandardCharsets.UTF_8) : "";
        if (expected.equals(dump)) {
            System.out.println("[api] " + apiFile.getFileName() + ": the public API is as checked in");
            return;
        }
        Set<String> before = new LinkedHashSet<>(expected.lines().toList());
        Set<String> after = new LinkedHashSet<>(dump.lines().toList());
        System.err.println("[api] the public API differs from " + apiFile + (Files.exists(apiFile) ? "" : " (missing)") + ":");
        before.stream().filter(l -> !after.contains(l)).forEach(l -> System.err.println("  - " + l));
        after.stream().filter(l -> !before.contains(l)).forEach(l -> System.err.println("  + " + l));
        System.err.println("[api] if the change is meant, rewrite the file with -Dapi.update=true and commit it");
        System.exit(1);
    }

    static String dump(Path classes) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .filter(n -> !("/" + n).contains("/internal/"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .forEach(names::add);
        }
        if (names.isEmpty()) {
            return "";
        }
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("no javap: run with a JDK"));
        List<String> command = new ArrayList<>(List.of("-protected", "-cp", classes.toString()));
        command.addAll(names);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = javap.run(new PrintWriter(out), new PrintWriter(err), command.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javap exited " + status + ": " + err);
        }
        StringBuilder api = new StringBuilder();
        boolean keep = false;
        for (String line : out.toString().lines().toList()) {
            if (line.startsWith("Compiled from ")) {
                continue;
            }
            if (!line.startsWith(" ") && !line.equals("}")) { // a type's header
                keep = line.startsWith("public ") || line.startsWith("protected ");
            }
            if (keep) {
                api.append(line).append('\n');
                if (line.equals("}")) {
                    api.append('\n');
                }
            }
        }
        return api.toString();
    }
}
