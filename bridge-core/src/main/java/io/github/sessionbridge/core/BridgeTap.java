package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.SessionRecord;

/**
 * Sees every record the bridges of a {@link SessionBridge} relay, in order, as they are relayed: for
 * recording ({@link io.github.sessionbridge.core.recording.RecordingTap}), auditing or metrics. Add taps
 * with {@link BridgeConfig.Builder#tap}; each bridge (a monitor or a timeline, not a kick) asks every tap
 * once, when it opens.
 *
 * <p><b>Threads.</b> {@link #open} runs on the thread that opens the bridge, before its C connection is
 * opened; {@link Session#record} and {@link Session#end} run on the bridge's I/O thread, one call at a time,
 * in order. None of them may block or throw: a tap that must do I/O queues the work for a thread of its own
 * (as the recording tap does). What they throw is logged, an {@link Error} too, and the tap is dropped
 * from that bridge; the bridge goes on. {@link #close} runs once, from {@link SessionBridge#close()}, after
 * every bridge has ended.
 */
public interface BridgeTap {

    /**
     * A bridge opened: what sees its records, or {@code null} to leave it alone.
     *
     * @param bridge the bridge opening: its id, caller, ops type, session id and opening time are set
     * @return the session tap for this bridge, or {@code null} not to tap it
     */
    Session open(Bridge bridge);

    /**
     * The {@code SessionBridge} closed: every bridge has ended. The default does nothing.
     */
    default void close() {
    }

    /** The tap on one bridge. */
    interface Session {

        /**
         * The bridge read {@code record} from the C server and is relaying it (whether or not its client
         * takes it in time).
         *
         * @param record the record, immutable; its content is not to be modified
         */
        void record(SessionRecord record);

        /**
         * The bridge ended; no call follows.
         *
         * @param reason why: {@link EndReason#END} and {@link EndReason#REFUSED} when the C server said so
         */
        void end(EndReason reason);
    }
}
