package io.github.sessionbridge.examples.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the page lists, as JSON (the host's own business, beside bridge-web's protocol):
 * <pre>
 * GET /api/sessions               {"operator":..,"cServer":..,"sessions":[{"sid","ops","user","host","started",
 *                                   "live","recording","held"}..]}
 * GET /api/commands?session=SID   {"commands":[{"offsetMs","text"}..],"total":N}: the input events of the
 *                                   session's recording file (the first {@link #MAX_COMMANDS}, each made
 *                                   {@link Printable}), for the replay's command list; 404 without one
 * </pre>
 */
final class SessionsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionsServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The input events listed for a replay; the page says how many more the recording has. */
    static final int MAX_COMMANDS = 1000;

    private final transient SessionDirectory directory;
    private final String cServer;
    private final String operator;

    SessionsServlet(SessionDirectory directory, String cServer, String operator) {
        this.directory = directory;
        this.cServer = cServer;
        this.operator = operator;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        ObjectNode m;
        switch (path) {
            case "/sessions" -> m = sessions();
            case "/commands" -> {
                String sid = req.getParameter("session");
                Optional<SessionDirectory.Session> s = sid == null ? Optional.empty() : directory.find(sid);
                if (s.isEmpty() || s.get().recording() == null) {
                    resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no recording of session " + sid);
                    return;
                }
                Commands commands;
                try {
                    commands = Commands.of(s.get().recording(), MAX_COMMANDS);
                } catch (IOException e) {
                    LOG.warn("recording of {} cannot be read: {}", sid, e.toString());
                    resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the recording cannot be read");
                    return;
                }
                m = JSON.createObjectNode();
                ArrayNode list = m.putArray("commands");
                commands.listed().forEach(c -> list.addObject().put("offsetMs", c.offsetMs()).put("text", c.text()));
                m.put("total", commands.total());
            }
            default -> {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        JSON.writeValue(resp.getOutputStream(), m);
    }

    private ObjectNode sessions() {
        ObjectNode m = JSON.createObjectNode().put("operator", operator).put("cServer", cServer);
        ArrayNode list = m.putArray("sessions");
        for (SessionDirectory.Session s : directory.list()) {
            list.addObject().put("sid", s.id()).put("ops", s.opsType()).put("user", s.user()).put("host", s.host())
                    .put("started", s.startedAt().toString()).put("live", s.live())
                    .put("recording", s.recording() != null).put("held", s.held());
        }
        return m;
    }
}
