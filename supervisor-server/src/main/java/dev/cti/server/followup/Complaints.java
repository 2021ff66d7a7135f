package dev.cti.server.followup;

import dev.cti.config.CtiConfig;
import dev.cti.config.FollowUpConfig;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.FollowUpStore;
import dev.cti.server.store.FollowUpStore.Complaint;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Complaint follow-ups (issue 17): a wrap-up of category complaint opens one, due {@code followUps.complaintDueHours}
 * later, at a level of {@code followUps.complaintLevels}; a supervisor closes it with a note. One not closed within
 * {@code complaintCloseWorkingDays} working days ({@link WorkingDays}) is overdue. The open ones are kept in memory
 * (read back at {@link #start()}); every change is stored first.
 */
public final class Complaints {
    private final FollowUpConfig config;
    private final WorkingDays workingDays;
    private final FollowUpStore store;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Open follow-ups by id. Guarded by {@code this}. */
    private final Map<Long, Complaint> open = new LinkedHashMap<>();
    private Runnable changed = () -> { };

    public Complaints(CtiConfig config, FollowUpStore store, Clock clock, MeterRegistry meters) {
        this.config = config.followUps();
        this.workingDays = new WorkingDays(config);
        this.store = store;
        this.clock = clock;
        this.meters = meters;
        ServerMeters.FOLLOW_UP_COMPLAINTS_OPEN.gauge(this, c -> c.openNow().size()).register(meters);
        ServerMeters.FOLLOW_UP_COMPLAINTS_OVERDUE.gauge(this, c -> c.overdue().size()).register(meters);
    }

    public void onChanged(Runnable listener) {
        this.changed = listener;
    }

    public Future<Void> start() {
        return store.openComplaints().map(list -> {
            synchronized (this) {
                list.forEach(c -> open.put(c.id(), c));
            }
            return null;
        });
    }

    /** The configured levels, mildest first. */
    public List<String> levels() {
        return config.complaintLevels();
    }

    /** Opens the follow-up of a complaint call; {@code level} empty: the first configured level. */
    public Future<Complaint> open(String agentId, String callId, Optional<String> queueId, Optional<String> level) {
        Instant now = clock.instant();
        return store.insert(new Complaint(0, callId, agentId, queueId, level.orElse(config.complaintLevels().get(0)),
                now, now.plus(Duration.ofHours(config.complaintDueHours())), Optional.empty(), Optional.empty(),
                Optional.empty())).map(c -> {
                    synchronized (this) {
                        open.put(c.id(), c);
                    }
                    ServerMeters.FOLLOW_UP_COMPLAINTS.counter(meters, "opened").increment();
                    changed.run();
                    return c;
                });
    }

    /** Closes an open follow-up with a note; false when it is not open. */
    public Future<Boolean> close(long id, String by, String note) {
        return store.close(id, by, note, clock.instant()).map(closed -> {
            if (closed) {
                synchronized (this) {
                    open.remove(id);
                }
                ServerMeters.FOLLOW_UP_COMPLAINTS.counter(meters, "closed").increment();
                changed.run();
            }
            return closed;
        });
    }

    /** When an open follow-up becomes overdue: the end of the last working day it may be closed in. */
    public Instant closeBy(Complaint c) {
        return workingDays.deadline(c.createdAt(), config.complaintCloseWorkingDays());
    }

    public boolean overdue(Complaint c, Instant now) {
        return c.closedAt().isEmpty() && !now.isBefore(closeBy(c));
    }

    public synchronized List<Complaint> openNow() {
        return open.values().stream().sorted(Comparator.comparing(Complaint::dueAt)).toList();
    }

    public List<Complaint> overdue() {
        Instant now = clock.instant();
        return openNow().stream().filter(c -> overdue(c, now)).toList();
    }
}
