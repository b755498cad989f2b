package io.github.sessionbridge.examples.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The page and its scripts from the class path: {@code /} and {@code /NAME} from {@code console/} (the page,
 * xterm.js under {@code vendor/}), {@code /webjars/...} from the jars' {@code META-INF/resources/webjars/}
 * (bridge-web's {@code session-bridge.js}, which a servlet container scanning jars would serve by itself).
 * Paths are plain names: no {@code ..}, no directory listings.
 */
final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "ts", "text/plain;charset=utf-8",
            "map", "application/json", "png", "image/png", "svg", "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        String resource = !PATH.matcher(path).matches() ? null
                : path.startsWith("/webjars/") ? "META-INF/resources" + path : "console" + path;
        String ext = path.substring(path.lastIndexOf('.') + 1);
        InputStream in = resource == null || !TYPES.containsKey(ext) ? null
                : PageServlet.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (in) {
            resp.setContentType(TYPES.get(ext));
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }
}
