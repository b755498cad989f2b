package io.github.sessionbridge.cli;

/**
 * The C server and session a {@code play}, {@code kick} or {@code record} command acts on.
 *
 * @param host      the C host
 * @param port      its port, 1..65535
 * @param sessionId the session id, already valid (protocol §1)
 * @param udp       whether the C server is reached over UDP
 */
record Target(String host, int port, String sessionId, boolean udp) {

    /** Adds {@code --host}, {@code --port}, {@code --sid} and {@code --udp} to {@code parser}. */
    static ArgParser declare(ArgParser parser) {
        return parser
                .option("--host", "H", "the C server's host (required)")
                .option("--port", "P", "the C server's port (required)")
                .option("--sid", "SID", "the session id: 1-128 of [A-Za-z0-9._:-] (required)")
                .flag("--udp", "reach the C server over UDP instead of TCP");
    }

    /** Validates them; the session id first of all, so no connection is made for a bad one. */
    static Target of(ArgParser.Parsed p) throws UsageException {
        String sid = ArgParser.sessionId("--sid", p.required("--sid"));
        String host = ArgParser.host("--host", p.required("--host"));
        int port = ArgParser.intValue("--port", p.required("--port"), 1, 65535);
        return new Target(host, port, sid, p.has("--udp"));
    }

    /** {@code --connect-timeout MS}, default 5000. */
    /** The operations type name the command-line tools map the one given port to. */
    static final String OPS_TYPE = "C";

    /** A SessionBridge reaching this target's port as operations type {@link #OPS_TYPE}. */
    io.github.sessionbridge.core.SessionBridge openBridge(int connectTimeoutMillis) {
        return openBridge(connectTimeoutMillis, io.github.sessionbridge.core.recording.RecordingPolicy.none());
    }

    /** As {@link #openBridge(int)}, recording as {@code policy} says. */
    io.github.sessionbridge.core.SessionBridge openBridge(int connectTimeoutMillis,
            io.github.sessionbridge.core.recording.RecordingPolicy policy) {
        io.github.sessionbridge.core.BridgeConfig.Builder b = io.github.sessionbridge.core.BridgeConfig.builder()
                .host(host)
                .tap(io.github.sessionbridge.core.recording.RecordingTap.of(policy))
                .connectTimeout(java.time.Duration.ofMillis(connectTimeoutMillis));
        if (udp) {
            b.udp(OPS_TYPE, port);
        } else {
            b.tcp(OPS_TYPE, port);
        }
        return io.github.sessionbridge.core.SessionBridge.create(b.build());
    }

    /** Who the command-line tools say is asking. */
    static io.github.sessionbridge.core.Caller caller(String command) {
        return io.github.sessionbridge.core.Caller.of(System.getProperty("user.name", "cli"), "cli-" + command);
    }

    static int connectTimeoutMillis(ArgParser.Parsed p) throws UsageException {
        return p.has("--connect-timeout")
                ? ArgParser.intValue("--connect-timeout", p.value("--connect-timeout"), 1, Integer.MAX_VALUE)
                : 5000;
    }
}
