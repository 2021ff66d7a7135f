package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The satisfaction surveys' results ({@code call_surveys}, V11; issue 17): one row per surveyed call, with its queue
 * and the agent rated, the rating or no answer. On the {@link Store}'s worker.
 */
public final class SurveyStore {
    /** What became of a survey. */
    public enum Outcome { RATED, NO_ANSWER }

    /** A survey's result; {@code rating} empty for NO_ANSWER. */
    public record Result(String callId, String queueId, String agentId, Outcome outcome, Optional<Integer> rating,
                         boolean satisfied, Instant startedAt, Instant endedAt) {}

    /** Counts of surveys: rated, of them satisfied, no answer, and the sum of the ratings. */
    public record Counts(long rated, long satisfied, long noAnswer, long ratingSum) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(rated + o.rated, satisfied + o.satisfied, noAnswer + o.noAnswer, ratingSum + o.ratingSum);
        }
    }

    private final Store store;

    public SurveyStore(Store store) {
        this.store = store;
    }

    /** Stores a survey's result (once per call: a repeat is ignored). */
    public Future<Void> record(Result r) {
        return store.transaction("call_survey", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_surveys (call_id, queue_id, agent_id,"
                    + " outcome, rating, satisfied, started_at, ended_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM call_surveys WHERE call_id = ?)")) {
                ps.setString(1, r.callId());
                ps.setString(2, r.queueId());
                ps.setString(3, r.agentId());
                ps.setString(4, r.outcome().name());
                if (r.rating().isPresent()) {
                    ps.setInt(5, r.rating().get());
                } else {
                    ps.setNull(5, java.sql.Types.INTEGER);
                }
                ps.setBoolean(6, r.satisfied());
                Store.setTime(ps, 7, r.startedAt());
                Store.setTime(ps, 8, r.endedAt());
                ps.setString(9, r.callId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The survey of a call, if it had one. */
    public Future<Optional<Result>> of(String callId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT call_id, queue_id, agent_id, outcome, rating,"
                    + " satisfied, started_at, ended_at FROM call_surveys WHERE call_id = ?")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    int rating = rs.getInt(5);
                    boolean none = rs.wasNull();
                    return Optional.of(new Result(rs.getString(1), rs.getString(2), rs.getString(3),
                            Outcome.valueOf(rs.getString(4)), none ? Optional.<Integer>empty() : Optional.of(rating),
                            rs.getBoolean(6), Store.time(rs, 7).orElseThrow(), Store.time(rs, 8).orElseThrow()));
                }
            }
        });
    }

    /** Today's counts per queue (surveys ended in [from, to)), for the tally at start-up. */
    public Future<Map<String, Counts>> countsByQueue(Instant from, Instant to) {
        return store.read(c -> counts(c, from, to, q -> true, a -> true));
    }

    /**
     * Counts of surveys ended in [from, to) of the queues and agents the predicates accept, per queue (a report's
     * indicators; the connection is the caller's).
     */
    public static Map<String, Counts> counts(java.sql.Connection c, Instant from, Instant to, Predicate<String> queues,
                                             Predicate<String> agents) throws java.sql.SQLException {
        Map<String, Counts> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT queue_id, agent_id, outcome, rating, satisfied"
                + " FROM call_surveys WHERE ended_at >= ? AND ended_at < ?")) {
            Store.setTime(ps, 1, from);
            Store.setTime(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!queues.test(rs.getString(1)) || !agents.test(rs.getString(2))) {
                        continue;
                    }
                    boolean rated = Outcome.RATED.name().equals(rs.getString(3));
                    Counts one = rated ? new Counts(1, rs.getBoolean(5) ? 1 : 0, 0, rs.getInt(4))
                            : new Counts(0, 0, 1, 0);
                    out.merge(rs.getString(1), one, Counts::plus);
                }
            }
        }
        return out;
    }
}
