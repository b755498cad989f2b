package io.github.sessionbridge.testkit.internal;

import java.nio.ByteBuffer;

/** Where a {@link ScriptRun} puts what it produces: a TCP connection's queue or UDP datagrams. */
interface Output {

    /** Whether more may be produced now (the queue is below its mark). */
    boolean hasRoom();

    /**
     * A unit's bytes, whole or a piece of it.
     *
     * @param piece the bytes (the output may keep the buffer)
     * @param first whether the piece starts the unit
     * @param last  whether the piece ends the unit
     * @param total the unit's length on the wire
     */
    void unit(ByteBuffer piece, boolean first, boolean last, long total);

    /** Bytes that are not (whole) units: sent verbatim, never packed with units. */
    void raw(ByteBuffer bytes);

    /** Stop reading from the client. */
    void stopReading();
}
