package dev.cti.server.recording;

import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.message.RecordingPaused;
import dev.cti.link.message.RecordingResumed;
import dev.cti.link.message.RecordingSkipped;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.link.message.Snapshot;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.call.CallCenter;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.store.RecordingStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the recording index in step with the gateway's recording events (docs/CTI-LINK.md, "Recordings: the
 * outbox"). Every event is applied idempotently (events repeat after a reconnect, and {@code RecordingStopped} is
 * re-sent until acknowledged); {@code AcknowledgeRecordings} is sent only after the row is committed (design
 * principle 5), so a crash between the two only means one more {@code RecordingStopped}. A snapshot's recorded calls
 * that the index lacks get an {@code IN_PROGRESS} row, with the file and start the snapshot names. Pause and resume are pushed to whoever sees the agent
 * ({@code recording}); disk reports go to {@link DiskAlert}, delete results to {@link RetentionJob}.
 *
 * <p>Runs on one context (the call center's, so that a call's agent is known when its recording starts: see
 * {@code agentOf}); {@link #onEvent} may be called from any thread.
 */
public final class RecordingIndex {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingIndex.class);
    /** The gateway's recording ids: {@code yyyyMMdd-} and 32 hex digits. */
    private static final Pattern GATEWAY_ID = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})-[0-9a-f]{32}");

    private final Vertx vertx;
    private final Context context;
    private final RecordingStore store;
    private final CallCenter.CommandSink gateway;
    private final Function<String, Optional<String>> agentOf;
    private final LiveRecordings live = new LiveRecordings();
    private final RecordingControl control;
    private final DiskAlert disk;
    private final RetentionJob retention;
    private final ServerEvents events;
    private final MeterRegistry meters;
    private final Clock clock;

    /**
     * @param agentOf the agent of a live call (or the supervisor's seat after a take-over), asked on the context
     */
    public RecordingIndex(Vertx vertx, Context context, RecordingStore store, CallCenter.CommandSink gateway,
                          Function<String, Optional<String>> agentOf, DiskAlert disk, RetentionJob retention,
                          ServerEvents events, MeterRegistry meters, Clock clock) {
        this.events = events;
        this.vertx = vertx;
        this.context = context;
        this.store = store;
        this.gateway = gateway;
        this.agentOf = agentOf;
        this.disk = disk;
        this.retention = retention;
        this.meters = meters;
        this.clock = clock;
        this.control = new RecordingControl(vertx, context, live, gateway);
    }

    public RecordingControl control() {
        return control;
    }

    /** Whether {@code event} is for the recording index alone (the call center never sees these). */
    public static boolean owns(LinkEvent event) {
        return event instanceof RecordingStarted || event instanceof RecordingPaused
                || event instanceof RecordingResumed || event instanceof RecordingSkipped
                || event instanceof RecordingStopped || event instanceof RecordingDiskStatus
                || event instanceof RecordingsDeleted;
    }

    /** Whether the index wants {@code event}: its own, and the snapshot, call ends and command refusals. */
    public static boolean wants(LinkEvent event) {
        return owns(event) || event instanceof Snapshot || event instanceof CallCleared
                || event instanceof CommandRejected;
    }

    /** Entry point for the link: any thread. */
    public void onEvent(long seq, LinkEvent event) {
        if (!wants(event)) {
            return;
        }
        context.runOnContext(v -> {
            try {
                handle(event);
            } catch (RuntimeException e) {
                LOG.error("recording event {} (seq {}) failed", event.getClass().getSimpleName(), seq, e);
                ServerMeters.LINK_EVENTS_FAILED.counter(meters, event.getClass().getSimpleName()).increment();
            }
        });
    }

    /** The live recording state of a call, as JSON for the API (any thread). */
    public Future<JsonObject> state(String callId) {
        io.vertx.core.Promise<JsonObject> p = io.vertx.core.Promise.promise();
        context.runOnContext(v -> p.complete(stateJson(callId)));
        return p.future();
    }

    private JsonObject stateJson(String callId) {
        JsonObject o = new JsonObject().put("callId", callId);
        Optional<LiveRecordings.Live> l = live.of(callId);
        if (l.isPresent()) {
            return o.put("recordingId", l.get().recordingId()).put("state", l.get().paused() ? "paused" : "recording");
        }
        o.put("state", "not_recorded");
        live.skipReason(callId).ifPresent(r -> o.put("reason", r));
        return o;
    }

    private void handle(LinkEvent event) {
        if (event instanceof RecordingStarted e) {
            started(e);
        } else if (event instanceof RecordingPaused e) {
            paused(e.recordingId(), e.callId(), e.user(), e.offsetMillis(), e.at(), true);
        } else if (event instanceof RecordingResumed e) {
            paused(e.recordingId(), e.callId(), e.user(), e.offsetMillis(), e.at(), false);
        } else if (event instanceof RecordingSkipped e) {
            skipped(e);
        } else if (event instanceof RecordingStopped e) {
            stopped(e);
        } else if (event instanceof RecordingDiskStatus e) {
            disk.update(e);
        } else if (event instanceof RecordingsDeleted e) {
            retention.deleted(e);
        } else if (event instanceof Snapshot s) {
            snapshot(s);
        } else if (event instanceof CallCleared e) {
            live.callEnded(e.callId());
            control.callEnded(e.callId());
        } else if (event instanceof CommandRejected e) {
            control.rejected(e);
        }
    }

    private void started(RecordingStarted e) {
        live.started(e.callId(), e.recordingId(), e.file());
        Optional<String> agent = agentOf.apply(e.callId());
        store.started(e.recordingId(), e.callId(), agent, e.file(), Instant.ofEpochMilli(e.at()), true)
                .onSuccess(change -> counted(change, RecordingRow.Status.IN_PROGRESS));
        events.calls().publish(push(e.callId(), agent, e.recordingId(), "recording", null, null, null));
    }

    private void paused(String recordingId, String callId, String user, long offsetMillis, long at, boolean paused) {
        String file = live.of(callId).filter(l -> l.recordingId().equals(recordingId))
                .map(LiveRecordings.Live::file).orElseGet(() -> fileOf(recordingId));
        live.paused(callId, recordingId, file, paused);
        Future<Void> stored = paused
                ? store.paused(recordingId, callId, file, Instant.ofEpochMilli(at - offsetMillis), offsetMillis, user)
                : store.resumed(recordingId, offsetMillis, user);
        stored.onComplete(ar -> {
            control.answered(callId, recordingId, paused, offsetMillis);
            events.calls().publish(push(callId, agentOf.apply(callId), recordingId, paused ? "paused" : "recording",
                    user, offsetMillis, null));
        });
    }

    private void skipped(RecordingSkipped e) {
        live.skipped(e.callId(), e.reason().name());
        store.skipped(e.callId(), e.reason().name(), Instant.ofEpochMilli(e.at()));
        events.calls().publish(push(e.callId(), agentOf.apply(e.callId()), null, "not_recorded", null, null,
                e.reason().name()));
    }

    private void stopped(RecordingStopped e) {
        live.stopped(e.callId(), e.recordingId());
        RecordingStore.Finished f = new RecordingStore.Finished(e.recordingId(), e.callId(), e.file(),
                RecordingRow.Status.valueOf(e.status().name()), Optional.ofNullable(e.failure()).map(Enum::name),
                Instant.ofEpochMilli(e.startedAt()), e.durationMillis(), e.sizeBytes(), e.sha256(), e.keyId(),
                e.sampleRate(), e.channels(), spans(e.pausedSpans()), spans(e.holdSpans()));
        store.finished(f, agentOf.apply(e.callId())).onSuccess(change -> {
            counted(change, f.status());
            // committed: only now may the gateway forget it (an ack lost with the link means one more repeat)
            gateway.send(new AcknowledgeRecordings(List.of(e.recordingId()))).onFailure(err ->
                    LOG.debug("recording {} indexed; its ack waits for the next connection", e.recordingId()));
        }).onFailure(err -> LOG.error("recording {} NOT indexed (no ack: the gateway sends it again after the next"
                + " connection): {}", e.recordingId(), err.getMessage()));
    }

    private void snapshot(Snapshot s) {
        Set<String> calls = new HashSet<>();
        Map<String, LiveRecordings.Live> recorded = new HashMap<>();
        for (Snapshot.CallSnapshot c : s.calls()) {
            calls.add(c.callId());
            if (c.recording() == null) {
                continue;
            }
            Snapshot.RecordingSnapshot r = c.recording();
            String id = r.recordingId();
            // The gateway names the file and the audio's start; a gateway from before those fields does not, and
            // then its file layout (from the id) and the answer time stand in until RecordingStopped corrects them.
            boolean told = r.file() != null && r.startedAt() != null;
            String file = r.file() != null ? r.file() : live.of(c.callId()).filter(l -> l.recordingId().equals(id))
                    .map(LiveRecordings.Live::file).orElseGet(() -> fileOf(id));
            recorded.put(c.callId(), new LiveRecordings.Live(id, file, r.paused()));
            Optional<String> agent = Optional.ofNullable(c.agentId()).or(() -> agentOf.apply(c.callId()));
            Instant start = Instant.ofEpochMilli(r.startedAt() != null ? r.startedAt()
                    : c.answeredAt() != null ? c.answeredAt() : c.startedAt());
            store.started(id, c.callId(), agent, file, start, told).onSuccess(change -> {
                if (change == RecordingStore.Change.CREATED) {
                    LOG.info("recording {} of call {} adopted from the gateway's snapshot", id, c.callId());
                }
                counted(change, RecordingRow.Status.IN_PROGRESS);
            });
        }
        live.replace(calls, recorded);
    }

    /** The file of a recording the server has not been told about: the gateway's layout {@code yyyy/MM/dd/<id>.ctirec}. */
    static String fileOf(String recordingId) {
        var m = GATEWAY_ID.matcher(recordingId);
        return m.matches() ? m.group(1) + "/" + m.group(2) + "/" + m.group(3) + "/" + recordingId + ".ctirec"
                : recordingId + ".ctirec";
    }

    private static List<RecordingRow.Span> spans(List<RecordingSpan> spans) {
        return spans.stream().map(s -> new RecordingRow.Span(s.startMillis(), s.endMillis())).toList();
    }

    private void counted(RecordingStore.Change change, RecordingRow.Status status) {
        if (change != RecordingStore.Change.UNCHANGED) {
            ServerMeters.RECORDINGS_INDEXED.counter(meters, status.name()).increment();
        }
    }

    /** A push of a call's recording state, to whoever may see its agent (supervisors and admins when it has none). */
    private CallPushEvent push(String callId, Optional<String> agent, String recordingId, String state, String by,
                               Long offsetMillis, String reason) {
        return new CallPushEvent.Recording(clock.instant(), callId, state, agent, Optional.ofNullable(recordingId),
                Optional.ofNullable(by), Optional.ofNullable(offsetMillis), Optional.ofNullable(reason));
    }
}
