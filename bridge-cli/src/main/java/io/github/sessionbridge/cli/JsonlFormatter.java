package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.internal.Json;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * {@code --format jsonl} (tools.md): one JSON object per line, UTF-8, in stream order, the notice last.
 * Fields come in this order, with no spaces:
 *
 * <pre>
 * {"kind":"record","type":"d","ts":1700000000000,"base64":"bHMNCg=="}
 * {"kind":"record","type":"v","ts":1700000000040,"x":0,"y":0,"width":64,"height":32,"base64":"iVBORw0KGgo..."}
 * {"kind":"record","type":"i","ts":1700000000100,"text":"ls -la"}
 * {"kind":"notice","code":3,"reason":"END","text":"..."}
 * </pre>
 *
 * <p>{@code base64} is the record's content (for {@code v}, the image after the geometry) in standard
 * base64 with padding; an input event's {@code text} is its content decoded as UTF-8. Every line is
 * flushed as it is written.
 */
public final class JsonlFormatter implements OutputFormatter {

    private static final byte[] BASE64_TAIL = "\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private boolean ended;

    /** @param out where the lines go */
    public JsonlFormatter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void record(SessionRecord record) throws IOException {
        if (ended) {
            throw new IllegalStateException("the stream already ended");
        }
        StringBuilder sb = new StringBuilder(96);
        sb.append("{\"kind\":\"record\",\"type\":\"").append((char) record.type().wireByte())
                .append("\",\"ts\":").append(record.timestamp());
        if (record instanceof InputEvent event) {
            sb.append(",\"text\":");
            Json.appendQuoted(sb, event.text());
            sb.append("}\n");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            if (record instanceof ScreenFrame frame) {
                sb.append(",\"x\":").append(frame.x()).append(",\"y\":").append(frame.y())
                        .append(",\"width\":").append(frame.width()).append(",\"height\":").append(frame.height());
            } else if (!(record instanceof TerminalData)) {
                throw new IllegalArgumentException("unknown record type: " + record);
            }
            sb.append(",\"base64\":\"");
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            ByteBuffer encoded = Base64.getEncoder().encode(record.contentBuffer());
            out.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
            out.write(BASE64_TAIL);
        }
        out.flush();
    }

    @Override
    public void end(Notice notice) throws IOException {
        Objects.requireNonNull(notice, "notice");
        if (ended) {
            throw new IllegalStateException("the stream already ended");
        }
        ended = true;
        StringBuilder sb = new StringBuilder(80);
        sb.append("{\"kind\":\"notice\",\"code\":").append(notice.code())
                .append(",\"reason\":\"").append(notice.reason().name()).append("\",\"text\":");
        Json.appendQuoted(sb, notice.text());
        sb.append("}\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
