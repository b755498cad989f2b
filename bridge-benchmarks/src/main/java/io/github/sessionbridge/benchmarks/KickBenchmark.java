package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.SessionBridge;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code kick [rounds]}: the kick round trip through {@code SessionBridge} against a raw
 * connect/write/read round trip on loopback, to a server that answers {@code '3'} to every request.
 */
public final class KickBenchmark {
    private KickBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        try (ServerSocket server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                byte[] buf = new byte[256];
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.setTcpNoDelay(true);
                        if (s.getInputStream().read(buf) > 0) {
                            s.getOutputStream().write('3');
                        }
                    } catch (java.io.IOException e) {
                        // closed
                    }
                }
            }, "kick-answerer");
            answerer.setDaemon(true);
            answerer.start();
            byte[] request = "[flag]=1&[sessionid]=s-42".getBytes(StandardCharsets.US_ASCII);
            try (SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("B", server.getLocalPort()).build())) {
                Caller caller = Caller.of("bench", "c");
                long[] raw = new long[rounds];
                long[] viaBridge = new long[rounds];
                for (int warm = 0; warm < 2; warm++) {
                    for (int i = 0; i < rounds; i++) {
                        long t0 = System.nanoTime();
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                            s.setTcpNoDelay(true);
                            s.getOutputStream().write(request);
                            InputStream in = s.getInputStream();
                            if (in.read() != '3') {
                                throw new IllegalStateException("no answer");
                            }
                        }
                        raw[i] = System.nanoTime() - t0;
                        t0 = System.nanoTime();
                        KickOutcome o = bridge.kick(caller, "B", "s-42").toCompletableFuture().get(5, TimeUnit.SECONDS);
                        viaBridge[i] = System.nanoTime() - t0;
                        if (!o.kicked()) {
                            throw new IllegalStateException("kick failed: " + o);
                        }
                    }
                }
                Arrays.sort(raw);
                Arrays.sort(viaBridge);
                System.out.println("kick round trip, " + rounds + " rounds (after a warm-up of as many), microseconds");
                System.out.println("| path | p50 | p99 |");
                System.out.println("| --- | ---: | ---: |");
                System.out.printf(Locale.ROOT, "| raw connect/write/read | %.0f | %.0f |%n", raw[rounds / 2] / 1e3, raw[rounds * 99 / 100] / 1e3);
                System.out.printf(Locale.ROOT, "| SessionBridge.kick | %.0f | %.0f |%n", viaBridge[rounds / 2] / 1e3, viaBridge[rounds * 99 / 100] / 1e3);
                System.out.printf(Locale.ROOT, "p99 bridge / raw: %.2fx; p50: %.2fx%n", (double) viaBridge[rounds * 99 / 100] / raw[rounds * 99 / 100],
                        (double) viaBridge[rounds / 2] / raw[rounds / 2]);
            }
        }
    }
}
