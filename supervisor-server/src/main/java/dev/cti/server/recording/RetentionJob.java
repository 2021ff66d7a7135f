package dev.cti.server.recording;

import dev.cti.link.message.DeleteRecordings;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.server.call.CallCenter;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.store.RecordingRetentionStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording retention ({@code recording.retentionDays}): every day at {@link #RUN_AT} site time the job picks the
 * recordings whose audio began before the start of the site day {@code retentionDays} ago, and asks the gateway to
 * delete their files ({@code DeleteRecordings}, in batches of {@link #BATCH}). The gateway, which owns the files,
 * answers {@code RecordingsDeleted}; only then are the index rows marked deleted, each with its audit entry (actor
 * {@code system}) in the same transaction. Ids the gateway does not have are marked too (the file is gone either
 * way); ids it could not delete are audited and asked again on the next run, as is everything when the link is down.
 * Runs on the recording index's context.
 */
public final class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    /** When the daily run starts, site time. */
    public static final LocalTime RUN_AT = LocalTime.of(3, 0);
    static final int BATCH = 500;
    static final int MAX_PER_RUN = 10 * BATCH;
    static final String ACTOR = "system";
    static final String ACTION = "recording-delete";

    private final Vertx vertx;
    private final Context context;
    private final int retentionDays;
    private final ZoneId zone;
    private final RecordingRetentionStore store;
    private final CallCenter.CommandSink gateway;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Delete requests sent and not answered yet: request id → when sent. */
    private final Map<String, Instant> inFlight = new HashMap<>();
    private final Map<String, String> requestOf = new HashMap<>();
    private long timer = -1;
    private boolean stopped;

    public RetentionJob(Vertx vertx, Context context, int retentionDays, ZoneId zone, RecordingRetentionStore store,
                        CallCenter.CommandSink gateway, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.retentionDays = retentionDays;
        this.zone = zone;
        this.store = store;
        this.gateway = gateway;
        this.meters = meters;
        this.clock = clock;
    }

    /** Schedules the daily runs. */
    public void start() {
        context.runOnContext(v -> schedule());
    }

    public void stop() {
        context.runOnContext(v -> {
            stopped = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        });
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        long delay = Math.max(1, Duration.between(now, nextRun(now, zone)).toMillis());
        timer = vertx.setTimer(delay, id -> runOnce().onComplete(ar -> schedule()));
    }

    /** The next daily run after {@code now}: {@link #RUN_AT} in {@code zone}, today or tomorrow. */
    static Instant nextRun(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = local.toLocalDate().atTime(RUN_AT).atZone(zone);
        return (today.isAfter(local) ? today : local.toLocalDate().plusDays(1).atTime(RUN_AT).atZone(zone))
                .toInstant();
    }

    /** Recordings whose audio began before this are expired: the start of the site day {@code retentionDays} ago. */
    Instant cutoff(Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return today.minusDays(retentionDays).atStartOfDay(zone).toInstant();
    }

    /**
     * One run, now: completes with how many recordings the gateway was asked to delete (0 when none expired or the
     * link is down: the next run asks again). Also callable from tests with a hand-moved clock.
     */
    public Future<Integer> runOnce() {
        io.vertx.core.Promise<Integer> promise = io.vertx.core.Promise.promise();
        context.runOnContext(v -> run().onComplete(ar -> {
            if (ar.succeeded()) {
                promise.complete(ar.result());
            } else {
                LOG.error("retention: the run failed: {}", ar.cause().toString());
                promise.fail(ar.cause());
            }
        }));
        return promise.future();
    }

    private Future<Integer> run() {
        Instant now = clock.instant();
        // a request the gateway never answered (the link dropped) is forgotten after a day: its ids are asked again
        inFlight.entrySet().removeIf(e -> e.getValue().isBefore(now.minus(Duration.ofDays(1))));
        requestOf.values().retainAll(inFlight.keySet());
        Instant cutoff = cutoff(now);
        return store.expired(cutoff, MAX_PER_RUN).compose(ids -> {
            List<String> todo = ids.stream().filter(id -> !requestOf.containsKey(id)).toList();
            if (todo.isEmpty()) {
                LOG.debug("retention: nothing older than {} to delete", cutoff);
                return Future.succeededFuture(0);
            }
            List<Future<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < todo.size(); i += BATCH) {
                List<String> batch = todo.subList(i, Math.min(todo.size(), i + BATCH));
                String requestId = "retention-" + UUID.randomUUID();
                sends.add(gateway.send(new DeleteRecordings(requestId, batch)).map(seq -> {
                    inFlight.put(requestId, now);
                    batch.forEach(id -> requestOf.put(id, requestId));
                    return batch.size();
                }));
            }
            return Future.join(sends).transform(ar -> {
                int asked = sends.stream().filter(Future::succeeded).mapToInt(Future::result).sum();
                if (asked < todo.size()) {
                    LOG.warn("retention: the gateway is not connected; {} expired recording(s) are asked again on the"
                            + " next run", todo.size() - asked);
                }
                if (asked > 0) {
                    LOG.info("retention: asked the gateway to delete {} recording(s) older than {} days", asked,
                            retentionDays);
                }
                return Future.succeededFuture(asked);
            });
        });
    }

    /** The gateway's answer (on the context): marks and audits; completes with the ids marked. */
    Future<List<String>> deleted(RecordingsDeleted e) {
        inFlight.remove(e.requestId());
        List<String> all = new ArrayList<>(e.deleted());
        all.addAll(e.notFound());
        all.addAll(e.failed());
        all.forEach(requestOf::remove);
        count("deleted", e.deleted().size());
        count("not_found", e.notFound().size());
        count("failed", e.failed().size());
        Instant now = clock.instant();
        String why = "retention: older than " + retentionDays + " days (" + e.requestId() + ")";
        List<String> gone = new ArrayList<>(e.deleted());
        gone.addAll(e.notFound());
        Future<List<String>> marked = store.markDeleted(gone, now, row -> audit(row,
                why + (e.notFound().contains(row.id()) ? "; not on the gateway (already gone)" : "; file deleted"),
                now));
        if (e.failed().isEmpty()) {
            return marked;
        }
        LOG.warn("retention: the gateway could not delete {} recording(s); asked again on the next run",
                e.failed().size());
        List<AuditEntry> failed = e.failed().stream().map(id -> new AuditEntry(ACTOR, ACTION, Optional.empty(),
                Optional.empty(), Optional.of(why + "; recording " + id + " NOT deleted by the gateway, retried"), now))
                .toList();
        return marked.compose(m -> store.audit(failed).map(v -> m));
    }

    private static AuditEntry audit(RecordingRow row, String detail, Instant at) {
        return new AuditEntry(ACTOR, ACTION, row.agentId(), Optional.of(row.callId()),
                Optional.of("recording " + row.id() + "; " + detail), at);
    }

    private void count(String result, int n) {
        if (n > 0) {
            ServerMeters.RECORDINGS_RETENTION.counter(meters, result).increment(n);
        }
    }
}
