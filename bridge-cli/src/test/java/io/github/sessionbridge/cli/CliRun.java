package io.github.sessionbridge.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link Main} with captured streams and a fake clock that records its sleeps instead of sleeping. */
final class CliRun {

    /** A clock whose time moves only when something sleeps on it. */
    static final class FakeClock implements ReplayClock {
        long now = 5_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }

        long sleptNanos() {
            return sleeps.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What one run gave. */
    record Result(int status, byte[] stdoutBytes, String stderr, FakeClock clock) {

        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        List<String> stdoutLines() {
            return stdout().lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private CliRun() {
    }

    static Result run(String... args) {
        return runWithInput(new byte[0], args);
    }

    static Result runWithInput(byte[] stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        int status = Main.run(args, new CliContext(in, new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock));
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8), clock);
    }
}
