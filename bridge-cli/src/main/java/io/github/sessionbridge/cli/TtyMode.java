package io.github.sessionbridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The controlling terminal's line discipline: single keys without Enter and without echo while a replay
 * reads them ({@code stty -icanon -echo min 1}), restored afterwards and on Ctrl-C. Java cannot do this
 * itself; {@code stty} on {@code /dev/tty} can. Where there is no stty or no terminal, nothing happens
 * (keys then arrive line by line).
 */
final class TtyMode implements AutoCloseable {

    private final String saved;
    private final Thread hook;

    private TtyMode(String saved) {
        this.saved = saved;
        this.hook = new Thread(this::restore, "tty-restore");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Raw keys on the controlling terminal, or {@code null} if that cannot be done. */
    static TtyMode raw() {
        String saved = stty("-g");
        if (saved == null || saved.isBlank() || stty("-icanon -echo min 1") == null) {
            return null;
        }
        return new TtyMode(saved.strip());
    }

    private void restore() {
        stty(saved);
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook restores
        }
    }

    private static String stty(String args) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
