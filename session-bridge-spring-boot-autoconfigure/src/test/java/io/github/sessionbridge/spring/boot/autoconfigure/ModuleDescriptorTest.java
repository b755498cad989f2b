package io.github.sessionbridge.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor resolves against the jars it names (Spring's as automatic modules, by their
 * {@code Automatic-Module-Name}), with no split package, and opens the package to Spring: what an application
 * on the module path needs. (The other tests run on the class path, as Spring Boot applications do.)
 */
class ModuleDescriptorTest {
    private static final String MODULE = "io.github.sessionbridge.spring.boot.autoconfigure";

    @Test
    void the_module_resolves_with_spring_boot_spring_websocket_security_micrometer_and_bridge_web() {
        // the main classes, the session-bridge modules and the libraries the module reads (not the test tools)
        Path[] paths = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("test-classes"))
                .filter(p -> p.endsWith("/target/classes") || p.matches(".*/bridge-(protocol|core|micrometer|web)-[0-9][^/]*\\.jar")
                        || p.matches(
                        ".*/(spring-(core|jcl|beans|context|aop|expression|web|websocket|boot|boot-autoconfigure|boot-actuator"
                                + "|boot-actuator-autoconfigure|security-core|security-crypto)|micrometer-(core|commons|observation)"
                                + "|HdrHistogram|LatencyUtils|slf4j-api|jackson-core)-[0-9][^/]*\\.jar"))
                .map(Path::of).toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.of(paths);
        List<String> roots = List.of(MODULE, "io.github.sessionbridge.web", "spring.boot.autoconfigure", "spring.websocket",
                "spring.security.core", "spring.boot.actuator.autoconfigure", "micrometer.core");
        Configuration conf = Configuration.resolve(finder, List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(), roots);
        ResolvedModule self = conf.findModule(MODULE).orElseThrow();
        Set<String> reads = self.reads().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        assertThat(reads).contains("spring.boot.autoconfigure", "spring.websocket", "spring.security.core",
                "io.github.sessionbridge.web", "io.github.sessionbridge.micrometer", "micrometer.core");
        ModuleDescriptor d = self.reference().descriptor();
        assertThat(d.isAutomatic()).isFalse();
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.github.sessionbridge.spring.boot.autoconfigure");
        assertThat(d.opens()).singleElement().satisfies(o -> assertThat(o.targets())
                .containsExactlyInAnyOrder("spring.core", "spring.beans", "spring.context"));
        // a layer can be defined: no two modules in it share a package
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(conf, ClassLoader.getPlatformClassLoader());
        assertThat(layer.findModule(MODULE)).isPresent();
    }
}
