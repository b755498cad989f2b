package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.testkit.Pacing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One connection's progress through its {@link Plan}: produces bytes into an {@link Output} as it
 * has room, waits for paced records and explicit waits, and can be ended early at a unit boundary
 * (a kick). Loop thread only.
 */
final class ScriptRun implements AutoCloseable {

    private final Plan plan;
    private final List<Step> steps;
    private final Pacer pacer;
    private final Pacer livePacer;
    private int index;
    private int unitIndex;
    private long waitDue;
    private boolean waiting;
    private FileStreamer streamer;
    private boolean interrupted;
    private boolean controlSent;
    private Step.Ending ending;

    ScriptRun(Plan plan) {
        this.plan = plan;
        this.steps = plan.steps();
        this.pacer = new Pacer(plan.pacing());
        // a live session cannot come faster than it happens: fast pacing means its recorded pace
        this.livePacer = new Pacer(plan.pacing().isRealtime() ? plan.pacing() : Pacing.realtime());
    }

    Plan plan() {
        return plan;
    }

    /** Whether the script has ended; then {@link #ending()} says how. */
    boolean finished() {
        return ending != null;
    }

    /**
     * How the script ended: {@code END}/{@code REFUSE} have put their control byte out already and,
     * like {@code CLOSE}, want the connection closed once the output is written; {@code RESET}
     * wants it reset; {@code STALL} and {@code LIVE} leave it open.
     */
    Step.Ending ending() {
        return ending;
    }

    /** Whether a kick still ends this run (it has not ended, sent a control byte, or been kicked). */
    boolean live() {
        return !interrupted && !controlSent
                && (ending == null || ending == Step.Ending.LIVE || ending == Step.Ending.STALL);
    }

    /** Whether a kick (or an explicit end of the session) ended the run early. */
    boolean interrupted() {
        return interrupted;
    }

    /**
     * Ends the run early: after the unit being sent, {@code '3'} and close.
     *
     * @return whether it took effect (see {@link #live()})
     */
    boolean interrupt() {
        if (!live()) {
            return false;
        }
        interrupted = true;
        ending = null;
        return true;
    }

    /**
     * Produces into {@code out} until it has no room, the script waits, or it ends.
     *
     * @return when to call again if the script waits (a {@link System#nanoTime()} value), else 0
     */
    long produce(Output out, long now) throws IOException {
        while (ending == null) {
            if (interrupted && (streamer == null || !streamer.midUnit())) {
                closeStreamer();
                emit(out, Control.END);
                ending = Step.Ending.CLOSE;
                break;
            }
            if (index >= steps.size()) {
                ending = Step.Ending.LIVE;
                break;
            }
            if (!out.hasRoom()) {
                return 0;
            }
            Step step = steps.get(index);
            if (step instanceof Step.SendUnits s) {
                List<Unit> units = s.units();
                while (unitIndex < units.size() && !interrupted) {
                    Unit u = units.get(unitIndex);
                    if (u instanceof SessionRecord r) {
                        long due = pacer.due(r.timestamp(), now);
                        if (due - now > 0) {
                            return due;
                        }
                        pacer.sent(r.timestamp(), due);
                    }
                    emit(out, u);
                    unitIndex++;
                    if (!out.hasRoom()) {
                        return 0;
                    }
                }
                next();
            } else if (step instanceof Step.SendRaw s) {
                out.raw(ByteBuffer.wrap(s.bytes()));
                next();
            } else if (step instanceof Step.Wait w) {
                if (!waiting) {
                    waiting = true;
                    waitDue = now + w.duration().toNanos();
                }
                if (!interrupted && waitDue - now > 0) {
                    return waitDue;
                }
                waiting = false;
                pacer.restart();
                next();
            } else if (step instanceof Step.StreamFile f) {
                Pacer p = f.live() ? livePacer : pacer;
                if (streamer == null) {
                    streamer = new FileStreamer(f.path(), f.live() ? System::currentTimeMillis : null);
                    p.restart();
                }
                long due = streamer.produce(out, p, now, interrupted);
                if (due != 0) {
                    return due;
                }
                if (!streamer.done()) {
                    return 0;
                }
                boolean control = streamer.controlSeen();
                closeStreamer();
                if (control) {
                    controlSent = true;
                    ending = Step.Ending.CLOSE;
                    break;
                }
                next();
                pacer.restart();
            } else if (step instanceof Step.StopReading) {
                out.stopReading();
                next();
            } else if (step instanceof Step.Finish f) {
                Step.Ending e = f.ending();
                if (e == Step.Ending.END) {
                    emit(out, Control.END);
                    ending = Step.Ending.CLOSE;
                } else if (e == Step.Ending.REFUSE) {
                    emit(out, Control.REFUSED);
                    ending = Step.Ending.CLOSE;
                } else {
                    ending = e;
                }
                index++;
            }
        }
        return 0;
    }

    private void next() {
        index++;
        unitIndex = 0;
    }

    private void emit(Output out, Unit u) {
        byte[] b = UnitEncoder.encode(u);
        out.unit(ByteBuffer.wrap(b), true, true, b.length);
        if (u instanceof Control) {
            controlSent = true;
        }
    }

    private void closeStreamer() throws IOException {
        if (streamer != null) {
            FileStreamer s = streamer;
            streamer = null;
            s.close();
        }
    }

    /** Where the run stands, in words. */
    String describe() {
        if (interrupted) {
            return ending == null ? "kicked: finishing the current unit, then '3'" : "kicked: sent '3'";
        }
        if (ending != null) {
            return switch (ending) {
                case LIVE -> "script done, session live (connection stays open)";
                case STALL -> "stalled (sends nothing more)";
                case RESET -> "script done: resetting";
                default -> "script done: closing";
            };
        }
        if (index >= steps.size()) {
            return "script done";
        }
        Step s = steps.get(index);
        String what = streamer != null ? streamer.describe() : s.describe();
        if (s instanceof Step.SendUnits u && u.units().size() > 1) {
            what += " (" + unitIndex + " sent)";
        }
        return "step " + (index + 1) + "/" + steps.size() + ": " + what + (waiting ? " (waiting)" : "");
    }

    @Override
    public void close() {
        try {
            closeStreamer();
        } catch (IOException e) {
            // nothing to do: the file was only read
        }
    }
}
