package io.github.sessionbridge.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Serves {@link ClasspathPages}: the WebJar and the test pages, on embedded servers. */
public final class PagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ClasspathPages.serve(req.getRequestURI(), resp::setContentType, resp::setStatus, resp.getOutputStream());
    }
}
