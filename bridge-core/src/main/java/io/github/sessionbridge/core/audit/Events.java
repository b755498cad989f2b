package io.github.sessionbridge.core.audit;

import java.util.Objects;

/** Null checks shared by the event records. */
final class Events {
    private Events() {
    }

    static void require(Object... components) {
        for (int i = 0; i < components.length; i++) {
            Objects.requireNonNull(components[i], "audit event component #" + i);
        }
    }
}
