package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.protocol.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One step of a session script. Immutable. */
public sealed interface Step {

    /** The step in words, for logs and {@code toString}. */
    String describe();

    /**
     * Send units (records and control bytes), each encoded as on the wire.
     *
     * @param units the units, in order
     */
    record SendUnits(List<Unit> units) implements Step {
        /** Copies the list. */
        public SendUnits {
            units = List.copyOf(units);
        }

        @Override
        public String describe() {
            if (units.size() == 1) {
                return "sends " + units.get(0);
            }
            return "sends " + units.size() + " units";
        }
    }

    /**
     * Send bytes verbatim, whatever they are (garbage, a partial unit, a bad header). Never paced.
     *
     * @param bytes the bytes
     * @param what  what they are, in words
     */
    record SendRaw(byte[] bytes, String what) implements Step {
        /** Copies the bytes. */
        public SendRaw {
            bytes = bytes.clone();
        }

        @Override
        public String describe() {
            return "sends " + what;
        }
    }

    /**
     * Send nothing for a while.
     *
     * @param duration how long
     */
    record Wait(Duration duration) implements Step {
        @Override
        public String describe() {
            return "waits " + duration.toMillis() + " ms";
        }
    }

    /**
     * Stream a recording file's units, read lazily: verbatim, or as a live session (paced, every record's
     * timestamp rewritten to the wall-clock time it is sent).
     *
     * @param path the recording
     * @param live whether it is streamed as a live session
     */
    record StreamFile(Path path, boolean live) implements Step {
        @Override
        public String describe() {
            return "streams " + path.getFileName() + (live ? " live" : "");
        }
    }

    /** Stop reading from the client. */
    record StopReading() implements Step {
        @Override
        public String describe() {
            return "stops reading";
        }
    }

    /**
     * How the script ends; no step follows it.
     *
     * @param ending the ending
     */
    record Finish(Ending ending) implements Step {
        @Override
        public String describe() {
            return "then " + ending.description;
        }
    }

    /** The endings of a script. */
    enum Ending {
        /** Send {@code '3'} and close. */
        END("sends '3' and closes"),
        /** Send {@code '5'} and close. */
        REFUSE("sends '5' and closes"),
        /** Close cleanly (FIN). */
        CLOSE("closes"),
        /** Reset (RST). */
        RESET("resets the connection"),
        /** Send nothing more; stay open. */
        STALL("stalls"),
        /** No explicit ending: the session stays live with the connection open. */
        LIVE("stays live");

        private final String description;

        Ending(String description) {
            this.description = description;
        }

        /** The ending in words. */
        public String description() {
            return description;
        }
    }
}
