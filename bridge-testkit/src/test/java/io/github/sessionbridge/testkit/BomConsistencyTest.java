package io.github.sessionbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bridge-bom} has no parent (so that importing it manages our artifacts and nothing else), so
 * nothing in Maven keeps it in step with the reactor: this test does. The BOM has the reactor's version
 * and manages, at {@code ${project.version}}, exactly the modules that are published.
 */
class BomConsistencyTest {
    static final Path ROOT = Path.of("..");
    static final List<String> NEVER_PUBLISHED = List.of("bridge-bom", "bridge-cli", "bridge-examples", "bridge-benchmarks",
            "bridge-container-tests", "session-bridge-spring-boot-sample",
            "session-bridge-spring-boot4-tests");

    static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path)).replaceAll("(?s)<!--.*?-->", "");
    }

    static String projectVersion(String pom) {
        String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "")
                .replaceAll("(?s)<dependencyManagement>.*</dependencyManagement>", "")
                .replaceAll("(?s)<dependencies>.*</dependencies>", "")
                .replaceAll("(?s)<build>.*</build>", "")
                .replaceAll("(?s)<profiles>.*</profiles>", "");
        Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(withoutParent);
        assertThat(m.find()).as("a <version> in %s", pom.lines().limit(20).toList()).isTrue();
        return m.group(1);
    }

    @Test
    void theBomHasTheReactorVersionAndManagesExactlyThePublishedModules() throws IOException {
        String parent = read("pom.xml");
        String bom = read("bridge-bom/pom.xml");
        assertThat(projectVersion(bom)).isEqualTo(projectVersion(parent));
        assertThat(bom).doesNotContain("<parent>");

        List<String> published = new ArrayList<>();
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (modules.find()) {
            if (!NEVER_PUBLISHED.contains(modules.group(1))) {
                published.add(modules.group(1));
            }
        }
        assertThat(published).contains("bridge-protocol", "bridge-core", "bridge-testkit");

        List<String> managed = new ArrayList<>();
        Matcher deps = Pattern.compile("(?s)<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>").matcher(bom);
        while (deps.find()) {
            assertThat(deps.group(1)).isEqualTo("io.github.sessionbridge");
            assertThat(deps.group(3)).as(deps.group(2)).isEqualTo("${project.version}");
            managed.add(deps.group(2));
        }
        assertThat(managed).containsExactlyElementsOf(published);
    }
}
