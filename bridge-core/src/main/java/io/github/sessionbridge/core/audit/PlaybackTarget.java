package io.github.sessionbridge.core.audit;

import java.util.Objects;

/**
 * What a playback replays: a recording file the host opened, or a session the C server streams as a
 * timeline (recorded or live).
 */
public sealed interface PlaybackTarget {

    /**
     * A recording file.
     *
     * @param name the recording's {@link io.github.sessionbridge.core.playback.Recording#name() name}
     *             (normally its path)
     */
    record File(String name) implements PlaybackTarget {
        /**
         * Checks the name is present.
         *
         * @param name the recording's name
         * @throws NullPointerException if {@code name} is null
         */
        public File {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A session the C server streams (a timeline).
     *
     * @param opsType   the operations type
     * @param sessionId the session
     */
    record Session(String opsType, String sessionId) implements PlaybackTarget {
        /**
         * Checks the components are present.
         *
         * @param opsType   the operations type
         * @param sessionId the session
         * @throws NullPointerException if a component is null
         */
        public Session {
            Objects.requireNonNull(opsType, "opsType");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }
}
