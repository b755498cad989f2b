package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.FakeCServerTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.TerminalData;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the fake C server reads request lines, which have no terminator. */
class FakeCServerRequestTest {

    @Test
    void acceptsTheLegacyTiersExactBytesArrivingInPieces() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(1L, "hello").then(Ending.END);
            try (CClient c = CClient.connect(server)) {
                // the last piece but one already forms a valid request ("…=s"): the settle time keeps it open
                for (String piece : new String[] {"[fl", "ag]=0&[sess", "ionid]=s", "-1"}) {
                    c.send(piece);
                    Thread.sleep(5);
                }
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).containsExactly(TerminalData.ofText(1L, "hello"), Control.END);
            }
            CapturedRequest req = server.takeRequest(WAIT);
            assertThat(req.requestLine()).isEqualTo(RequestLine.monitor("s-1"));
            assertThat(req.rawBytes()).isEqualTo("[flag]=0&[sessionid]=s-1".getBytes());
        }
    }

    @Test
    void acceptsARequestByteByByte() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("a.b:c_d-9").then(Ending.END);
            try (CClient c = CClient.connect(server)) {
                for (byte b : RequestLine.kick("a.b:c_d-9").encode()) {
                    c.send(new byte[] {b});
                    Thread.sleep(1);
                }
                c.readAll(WAIT);
            }
            assertThat(server.takeRequest(WAIT).requestLine()).isEqualTo(RequestLine.kick("a.b:c_d-9"));
        }
    }

    @Test
    void waitsTheSettleTimeAfterACompleteLookingRequest() throws Exception {
        try (FakeCServer server = FakeCServer.builder().settleTime(Duration.ofMillis(600)).start()) {
            server.session("s-1").then(Ending.END);
            try (CClient c = CClient.connect(server)) {
                long t0 = System.nanoTime();
                c.send("[flag]=0&[sessionid]=s-1");
                assertThat(c.readAll(WAIT).units()).containsExactly(Control.END);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(580));
            }
        }
    }

    @Test
    void aMaximumLengthRequestIsTakenAtOnceWithoutSettling() throws Exception {
        String sid = "x".repeat(RequestLine.MAX_SESSION_ID_LENGTH);
        try (FakeCServer server = FakeCServer.builder().settleTime(Duration.ofSeconds(3)).start()) {
            server.session(sid).then(Ending.END);
            try (CClient c = CClient.connect(server)) {
                long t0 = System.nanoTime();
                c.send(RequestLine.monitor(sid).encode());
                assertThat(c.readAll(WAIT).units()).containsExactly(Control.END);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            }
            assertThat(server.takeRequest(WAIT).sessionId()).isEqualTo(sid);
        }
    }

    @Test
    void bytesAfterTheSettleTimeAreNotPartOfTheRequest() throws Exception {
        try (FakeCServer server = FakeCServer.builder().settleTime(Duration.ofMillis(20)).start()) {
            server.session("s-1").sendsText(1L, "x");   // stays live
            try (CClient c = CClient.connect(server)) {
                c.send("[flag]=0&[sessionid]=s-1");
                assertThat(c.readUnits(1, WAIT).units()).hasSize(1);   // served: the request was taken as s-1
                c.send("23");
                assertThat(server.takeRequest(WAIT).sessionId()).isEqualTo("s-1");
                FakeCServerTest.awaitCondition(() -> server.connections().get(0).bytesReceived() == RequestLine.monitor("s-1").encode().length + 2, WAIT);
            }
        }
    }

    @Test
    void aMalformedRequestIsCapturedWithItsErrorAndTheConnectionClosed() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            try (CClient c = CClient.connect(server)) {
                c.send("[flag]=2&[sessionid]=s-1");
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).isEmpty();
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
            CapturedRequest req = server.takeRequest(WAIT);
            assertThat(req.isValid()).isFalse();
            assertThat(req.requestLine()).isNull();
            assertThat(req.action()).isNull();
            assertThat(req.error()).contains("flag");
            assertThat(req.rawText()).isEqualTo("[flag]=2&[sessionid]=s-1");
            server.awaitActiveConnections(0, WAIT);
            assertThat(server.connections().get(0).state()).startsWith("closed: invalid request");
        }
    }

    @Test
    void aSessionIdCharacterThatCouldInjectAParameterIsMalformed() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            try (CClient c = CClient.connect(server)) {
                c.send("[flag]=0&[sessionid]=s-1&[flag]=1");
                assertThat(c.readAll(WAIT).bytes()).isEmpty();
            }
            CapturedRequest req = server.takeRequest(WAIT);
            assertThat(req.isValid()).isFalse();
            assertThat(req.error()).contains("'&'");
        }
    }

    @Test
    void connectionsThatNeverSendAValidRequestAreCapturedToo() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            try (CClient c = CClient.connect(server)) {
                c.send("[flag]=0&[sessi");
            }
            try (CClient c = CClient.connect(server)) {
                assertThat(c.socket.isConnected()).isTrue();
            }
            // both close at about the same time: take them in connection order
            List<CapturedRequest> both = new ArrayList<>(server.awaitRequests(2, WAIT));
            both.sort(Comparator.comparingLong(CapturedRequest::connectionId));
            CapturedRequest partial = both.get(0);
            CapturedRequest nothing = both.get(1);
            assertThat(partial.isValid()).isFalse();
            assertThat(partial.error()).contains("incomplete request").contains("15 bytes");
            assertThat(partial.rawText()).isEqualTo("[flag]=0&[sessi");
            assertThat(nothing.isValid()).isFalse();
            assertThat(nothing.error()).contains("without sending anything");
            assertThat(nothing.rawBytes()).isEmpty();
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void aClientThatHalfClosesAfterACompleteRequestStillHasItCaptured() throws Exception {
        try (FakeCServer server = FakeCServer.builder().settleTime(Duration.ofSeconds(2)).start()) {
            server.session("s-1").then(Ending.STALL);
            try (CClient c = CClient.connect(server)) {
                c.send("[flag]=1&[sessionid]=s-1");
                c.socket.shutdownOutput();
                CapturedRequest r = server.takeRequest(Duration.ofSeconds(1));   // not after the 2 s settle time
                assertThat(r.action()).isEqualTo(Action.KICK);
                assertThat(r.sessionId()).isEqualTo("s-1");
            }
        }
    }

    @Test
    void neverReadLeavesTheRequestUnreadAndUnanswered() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.onAccept(AcceptBehavior.NEVER_READ);
            server.session("s-1").then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(Duration.ofMillis(300));
                assertThat(r.ending()).isEqualTo(CClient.Ending.TIMEOUT);
                assertThat(r.bytes()).isEmpty();
                assertThat(server.requestCount()).isZero();
                assertThat(server.connectionCount()).isEqualTo(1);
                assertThat(server.connections().get(0).bytesReceived()).isZero();
                assertThat(server.connections().get(0).state()).contains("never reading");
                server.close();
                assertThat(c.readAll(WAIT).ending()).isEqualTo(CClient.Ending.EOF);
            }
        }
    }

    @Test
    void closeAndResetOnAccept() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH", "RDP").start()) {
            server.onAccept("SSH", AcceptBehavior.CLOSE).onAccept("RDP", AcceptBehavior.RESET);
            try (CClient c = CClient.connect(server.host(), server.port("SSH"))) {
                assertThat(c.readAll(WAIT).ending()).isEqualTo(CClient.Ending.EOF);
            }
            // the reset may already reach the client while it finishes connecting
            assertThatThrownBy(() -> {
                try (CClient c = CClient.connect(server.host(), server.port("RDP"))) {
                    if (c.readAll(WAIT).ending() == CClient.Ending.RESET) {
                        throw new SocketException("Connection reset");
                    }
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            server.awaitConnections(2, WAIT);
            server.awaitActiveConnections(0, WAIT);
            assertThat(server.requestCount()).isZero();
            assertThat(server.connections()).extracting(CapturedConnection::state)
                    .containsExactly("closed: closed on accept (AcceptBehavior.CLOSE)",
                            "closed: reset on accept (AcceptBehavior.RESET)");
            server.onAccept(AcceptBehavior.SERVE);
            try (CClient c = CClient.monitor(server, "x")) {
                assertThat(c.readAll(WAIT).units()).containsExactly(Control.REFUSED);
            }
        }
    }
}
