package io.github.sessionbridge.core;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path for a test that forks a JVM: the tests run on the module path (the main classes are a
 * named module, the test classes are patched into it), so {@code java.class.path} alone lacks both.
 */
public final class ForkedJvm {
    private ForkedJvm() {
    }

    /** The test JVM's class path, module path and the location of {@code testClass}, as one class path. */
    public static String classPath(Class<?> testClass) {
        Set<String> entries = new LinkedHashSet<>();
        try {
            entries.add(Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
