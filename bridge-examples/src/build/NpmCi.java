import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build step that fetches xterm.js: {@code npm ci} in the given folder when npm is on the PATH.
 *
 * <p>Run by the JDK's source launcher from bridge-examples/pom.xml ({@code java NpmCi.java DIR NPM}), so the
 * build needs nothing but a JDK: without npm it prints one line saying that the console is built without
 * xterm.js (its browser test then skips itself), and exits 0 — except where {@code CI=true}, where a missing
 * npm fails the build, since CI installs it and must run everything.
 */
public final class NpmCi {
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: java NpmCi.java WORKING-DIRECTORY NPM-EXECUTABLE");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path npm = find(args[1]);
        boolean ci = "true".equals(System.getenv("CI"));
        if (npm == null) {
            if (ci) {
                System.err.println("[bridge-examples] npm (" + args[1] + ") is not on the PATH, and CI=true:"
                        + " CI installs Node.js and npm and builds the console whole, so this is an error");
                System.exit(1);
            }
            System.out.println("[bridge-examples] npm not found on the PATH: the console is built without"
                    + " xterm.js and its browser test is skipped (install Node.js and npm to build it whole)");
            return;
        }
        List<String> command = new ArrayList<>(List.of(npm.toString(), "ci", "--prefer-offline",
                "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        int status = process.waitFor();
        if (status != 0) {
            System.err.println("[bridge-examples] " + String.join(" ", command) + " exited with " + status);
        }
        System.exit(status);
    }

    /** The executable itself when given as a path, else the first match on the PATH; null when there is none. */
    private static Path find(String name) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        List<String> names = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
        if (name.contains("/") || name.contains(File.separator)) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            for (String n : names) {
                Path candidate = Path.of(entry, n);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
