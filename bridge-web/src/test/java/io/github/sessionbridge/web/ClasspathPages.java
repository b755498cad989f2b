package io.github.sessionbridge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What a servlet container serves from the jars' {@code META-INF/resources} (the WebJar) and the test pages, for
 * embedded servers that do not scan jars: {@code /webjars/...} and {@code /test/...} from the class path.
 */
final class ClasspathPages {
    private ClasspathPages() {
    }

    static void serve(String path, Consumer<String> type, IntConsumer status, OutputStream out) throws IOException {
        String resource = path.startsWith("/webjars/") ? "META-INF/resources" + path
                : path.startsWith("/test/") ? "META-INF/resources" + path : null;
        if (resource == null || resource.contains("..")) {
            status.accept(404);
            return;
        }
        try (InputStream in = ClasspathPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                status.accept(404);
                return;
            }
            type.accept(resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".html") ? "text/html;charset=utf-8"
                    : resource.endsWith(".css") ? "text/css" : "application/octet-stream");
            in.transferTo(out);
        }
    }
}
