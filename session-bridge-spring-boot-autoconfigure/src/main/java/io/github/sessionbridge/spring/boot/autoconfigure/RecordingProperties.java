package io.github.sessionbridge.spring.boot.autoconfigure;

import java.nio.file.Path;
import org.springframework.util.unit.DataSize;

/** Recording of the live sessions: {@code session-bridge.recording.*}, a group of {@link SessionBridgeProperties}. */
public class RecordingProperties {
    /** Where every monitor is recorded (an existing, writable directory); unset: nothing is recorded. */
    private Path directory;
    /** How far a recording may fall behind its bridge before it stops (at least 64KB). */
    private DataSize buffer = DataSize.ofMegabytes(8);

    /** Made by the binder. */
    public RecordingProperties() {
    }

    /** @return the directory, or null */
    public Path getDirectory() {
        return directory;
    }

    /** @param v the directory */
    public void setDirectory(Path v) {
        directory = v;
    }

    /** @return the buffer */
    public DataSize getBuffer() {
        return buffer;
    }

    /** @param v the buffer */
    public void setBuffer(DataSize v) {
        buffer = v;
    }
}
