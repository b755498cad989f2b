package io.github.sessionbridge.testkit;

import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking-socket client of the fake C server, decoding what it sends with the protocol's StreamDecoder. */
final class CClient implements AutoCloseable {

    /** How a read ended. */
    enum Ending { EOF, RESET, TIMEOUT }

    /**
     * What the client received.
     *
     * @param bytes    every byte, in order
     * @param units    the decoded units
     * @param arrivals when each unit was decoded (System.nanoTime)
     * @param reads    how many reads returned bytes
     * @param ending   how reading ended
     * @param state    the decoder's state at the end (finish() when EOF)
     * @param failure  the protocol error, if any
     */
    record Received(byte[] bytes, List<Unit> units, List<Long> arrivals, int reads, Ending ending,
                    StreamDecoder.State state, ProtocolException failure) {
    }

    final Socket socket;
    private final StreamDecoder decoder = new StreamDecoder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Unit> units = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private ProtocolException failure;
    private int reads;

    private CClient(Socket socket) {
        this.socket = socket;
    }

    static CClient connect(String host, int port) throws IOException {
        return connect(host, port, 0);
    }

    /** Connects with a receive buffer of {@code receiveBuffer} bytes (0: the default). */
    static CClient connect(String host, int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress(host, port), 2000);
        return new CClient(s);
    }

    static CClient connect(FakeCServer server) throws IOException {
        return connect(server.host(), server.port());
    }

    /** Connects and sends a monitor request for {@code sid}. */
    static CClient monitor(FakeCServer server, String sid) throws IOException {
        CClient c = connect(server);
        c.send(RequestLine.monitor(sid).encode());
        return c;
    }

    /** Connects and sends a kick request for {@code sid}. */
    static CClient kick(FakeCServer server, String sid) throws IOException {
        CClient c = connect(server);
        c.send(RequestLine.kick(sid).encode());
        return c;
    }

    void send(byte[] b) throws IOException {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads until EOF, a reset, or {@code timeout} without any byte. */
    Received readAll(Duration timeout) throws IOException {
        return read(timeout, Integer.MAX_VALUE);
    }

    /** Reads until {@code n} units are decoded (or EOF, reset, or {@code timeout} without a byte). */
    Received readUnits(int n, Duration timeout) throws IOException {
        return read(timeout, n);
    }

    private Received read(Duration timeout, int wantUnits) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[64 * 1024];
        Ending ending = null;
        while (units.size() < wantUnits) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                ending = Ending.TIMEOUT;
                break;
            } catch (SocketException e) {
                if (String.valueOf(e.getMessage()).toLowerCase().contains("reset")) {
                    ending = Ending.RESET;
                    break;
                }
                throw e;
            }
            if (n < 0) {
                ending = Ending.EOF;
                break;
            }
            reads++;
            bytes.write(buf, 0, n);
            if (failure == null) {
                try {
                    decoder.feed(buf, 0, n, u -> {
                        units.add(u);
                        arrivals.add(System.nanoTime());
                    });
                } catch (ProtocolException e) {
                    failure = e;
                }
            }
        }
        StreamDecoder.State state = ending == Ending.EOF ? decoder.finish() : decoder.state();
        return new Received(bytes.toByteArray(), List.copyOf(units), List.copyOf(arrivals), reads, ending, state, failure);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
