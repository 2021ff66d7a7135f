package dev.cti.server.recording;

import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.ResumeRecording;
import dev.cti.server.call.CallCenter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pause and resume of a live call's recording for the REST API: checks the call's recording state as the index
 * knows it ({@link LiveRecordings}), sends {@code PauseRecording} / {@code ResumeRecording} and waits (at most
 * {@link #ANSWER_WITHIN}) for the gateway's answer: {@code RecordingPaused} / {@code RecordingResumed} or
 * {@code CommandRejected}, matched by call and command. Runs on the recording index's context; the public methods
 * may be called from any thread.
 */
public final class RecordingControl {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    /** What became of a pause or resume request. */
    public sealed interface Outcome {}

    /** The gateway paused (or resumed) the recording at {@code offsetMillis} into it. */
    public record Done(String recordingId, boolean paused, long offsetMillis) implements Outcome {}

    /**
     * Refused before or by the gateway: {@code code} is the API's error code ({@code not_recorded},
     * {@code already_paused}, {@code not_paused}, {@code unknown_call}), {@code reason} says more (e.g. the skip
     * reason).
     */
    public record Refused(String code, String reason) implements Outcome {}

    /** Sent, but the gateway did not answer in time: the outcome will arrive as a push. */
    public record Sent() implements Outcome {}

    private final Vertx vertx;
    private final io.vertx.core.Context context;
    private final LiveRecordings live;
    private final CallCenter.CommandSink gateway;
    /** Requests waiting for the gateway, by call id. */
    private final Map<String, List<Waiting>> waiting = new HashMap<>();

    private record Waiting(boolean pause, Promise<Outcome> promise, long timer) {}

    RecordingControl(Vertx vertx, io.vertx.core.Context context, LiveRecordings live, CallCenter.CommandSink gateway) {
        this.vertx = vertx;
        this.context = context;
        this.live = live;
        this.gateway = gateway;
    }

    /**
     * Whether the index already knows the request cannot work: the call is not recorded (with the gateway's skip
     * reason when it gave one), or is already in the asked state. Empty: send it.
     */
    public Future<Optional<Refused>> check(String callId, boolean pause) {
        return onContext(() -> {
            Optional<LiveRecordings.Live> rec = live.of(callId);
            if (rec.isEmpty()) {
                String why = live.skipReason(callId).map(r -> "the call is not recorded (" + r + ")")
                        .orElse("the call has no recording running");
                return Optional.of(new Refused("not_recorded", why));
            }
            if (pause && rec.get().paused()) {
                return Optional.of(new Refused("already_paused", "the recording is already paused"));
            }
            if (!pause && !rec.get().paused()) {
                return Optional.of(new Refused("not_paused", "the recording is not paused"));
            }
            return Optional.<Refused>empty();
        });
    }

    /**
     * Sends the command for {@code user} and completes with the gateway's answer, or {@link Sent} after
     * {@link #ANSWER_WITHIN}. Fails when the link is down (nothing was sent).
     */
    public Future<Outcome> send(String callId, String user, boolean pause) {
        return onContext(() -> {
            Promise<Outcome> promise = Promise.promise();
            long timer = vertx.setTimer(ANSWER_WITHIN.toMillis(),
                    t -> context.runOnContext(v -> timedOut(callId, promise)));
            Waiting w = new Waiting(pause, promise, timer);
            waiting.computeIfAbsent(callId, k -> new ArrayList<>()).add(w);
            LinkCommand command = pause ? new PauseRecording(callId, user) : new ResumeRecording(callId, user);
            gateway.send(command).onFailure(e -> context.runOnContext(v -> {
                remove(callId, w);
                vertx.cancelTimer(timer);
                promise.tryFail(e);
            }));
            return promise.future();
        }).compose(f -> f);
    }

    /** RecordingPaused / RecordingResumed arrived (on the context). */
    void answered(String callId, String recordingId, boolean paused, long offsetMillis) {
        complete(callId, paused, new Done(recordingId, paused, offsetMillis));
    }

    /** A CommandRejected arrived (on the context); false when it is not about recording. */
    boolean rejected(CommandRejected e) {
        boolean pause = "PauseRecording".equals(e.commandType());
        if (!pause && !"ResumeRecording".equals(e.commandType()) || e.callId() == null) {
            return false;
        }
        Refused r = switch (e.reason()) {
            case NOT_RECORDED -> new Refused("not_recorded", "the gateway does not record the call");
            case UNKNOWN_CALL -> new Refused("unknown_call", "the gateway has no such call");
            case INVALID_STATE -> pause ? new Refused("already_paused", "the recording is already paused")
                    : new Refused("not_paused", "the recording is not paused");
            default -> new Refused("not_recorded", "the gateway refused: " + e.reason());
        };
        complete(e.callId(), pause, r);
        return true;
    }

    /** The call ended (on the context): requests still waiting for the gateway get 404. */
    void callEnded(String callId) {
        Refused gone = new Refused("unknown_call", "the call ended");
        complete(callId, true, gone);
        complete(callId, false, gone);
    }

    private void complete(String callId, boolean pause, Outcome outcome) {
        List<Waiting> list = waiting.get(callId);
        if (list == null) {
            return;
        }
        for (Waiting w : new ArrayList<>(list)) {
            if (w.pause() == pause) {
                list.remove(w);
                vertx.cancelTimer(w.timer());
                w.promise().tryComplete(outcome);
            }
        }
        if (list.isEmpty()) {
            waiting.remove(callId);
        }
    }

    private void timedOut(String callId, Promise<Outcome> promise) {
        List<Waiting> list = waiting.get(callId);
        if (list != null) {
            list.removeIf(w -> w.promise() == promise);
            if (list.isEmpty()) {
                waiting.remove(callId);
            }
        }
        promise.tryComplete(new Sent());
    }

    private void remove(String callId, Waiting w) {
        List<Waiting> list = waiting.get(callId);
        if (list != null) {
            list.remove(w);
            if (list.isEmpty()) {
                waiting.remove(callId);
            }
        }
    }

    private <T> Future<T> onContext(java.util.concurrent.Callable<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.call());
            } catch (Exception e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
