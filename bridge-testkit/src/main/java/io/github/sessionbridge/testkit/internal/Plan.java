package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.testkit.KickReply;
import io.github.sessionbridge.testkit.Pacing;
import io.github.sessionbridge.testkit.Split;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a session script, taken when a request for the session arrives: what one
 * connection will be served.
 *
 * @param label     what the plan is for, in words (for logs)
 * @param steps     the steps, in order
 * @param split     how writes are cut
 * @param pacing    when records are sent
 * @param kickReply how a kick of the session is answered
 */
public record Plan(String label, List<Step> steps, Split split, Pacing pacing, KickReply kickReply) {

    /** Copies the steps. */
    public Plan {
        Objects.requireNonNull(label, "label");
        steps = List.copyOf(steps);
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(kickReply, "kickReply");
    }

    /** A plan of one ending step, with the given split. */
    public static Plan ending(String label, Step.Ending ending, Split split) {
        return new Plan(label, List.of(new Step.Finish(ending)), split, Pacing.fast(), KickReply.AUTO);
    }
}
