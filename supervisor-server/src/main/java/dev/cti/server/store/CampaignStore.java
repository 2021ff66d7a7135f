package dev.cti.server.store;

import dev.cti.server.metrics.ServerMeters;
import io.vertx.core.Future;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Campaign call lists (issue 18; table campaign_records, campaign_attempts, campaign_imports). Every change runs in
 * the store's one writer, so a record is handed to one agent at a time: {@link #take} reads and marks it in one
 * transaction, and nothing else writes meanwhile.
 */
public final class CampaignStore {
    private static final String COLUMNS = "id, campaign_id, number, name, title, notes, status, agent_id, attempts, "
            + "retries, next_at, last_outcome, callback_at";

    private final Store store;

    public CampaignStore(Store store) {
        this.store = store;
    }

    /** Adds the CSV's rows to the campaign's list ({@link CallListImporter}) and records the import's counts. */
    public Future<CallListReport> importCsv(String campaignId, Set<String> doNotCall, Reader csv, String by,
                                            Instant now) {
        return store.transaction("campaign_import", c -> {
            CallListReport r = new CallListImporter(c, campaignId, doNotCall, now).importCsv(csv);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_imports (campaign_id, imported_by, at,"
                    + " imported, duplicates, do_not_call, rejected) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, campaignId);
                ps.setString(2, by);
                Store.setTime(ps, 3, now);
                ps.setInt(4, r.imported());
                ps.setInt(5, r.duplicates().size());
                ps.setInt(6, r.doNotCall().size());
                ps.setInt(7, r.rejected().size());
                ps.executeUpdate();
            }
            ServerMeters.CAMPAIGN_IMPORT_ROWS.counter(store.meters(), campaignId, "imported").increment(r.imported());
            ServerMeters.CAMPAIGN_IMPORT_ROWS.counter(store.meters(), campaignId, "duplicate")
                    .increment(r.duplicates().size());
            ServerMeters.CAMPAIGN_IMPORT_ROWS.counter(store.meters(), campaignId, "do_not_call")
                    .increment(r.doNotCall().size());
            ServerMeters.CAMPAIGN_IMPORT_ROWS.counter(store.meters(), campaignId, "rejected")
                    .increment(r.rejected().size());
            return r;
        });
    }

    /**
     * The record the agent holds in this campaign, else the oldest one due ({@code next_at <= now}) now handed to the
     * agent; empty when none is due. {@code doNotCall}: numbers put on the list after their import are closed here
     * (SKIPPED, reason do-not-call) instead of being handed out.
     */
    public Future<Optional<CampaignRecord>> take(String campaignId, String agentId, Set<String> doNotCall,
                                                 Instant now) {
        return store.transaction("campaign_take", c -> {
            Optional<CampaignRecord> held = held(c, campaignId, agentId);
            if (held.isPresent()) {
                return held;
            }
            while (true) {
                Optional<CampaignRecord> due = one(c, "SELECT " + COLUMNS + " FROM campaign_records WHERE campaign_id = ?"
                        + " AND status = 'PENDING' AND next_at <= ? ORDER BY next_at, id LIMIT 1", campaignId, now);
                if (due.isEmpty()) {
                    return Optional.empty();
                }
                long id = due.get().id();
                if (doNotCall.contains(due.get().number())) {
                    update(c, "UPDATE campaign_records SET status = 'SKIPPED', agent_id = NULL WHERE id = ?", id);
                    attempt(c, due.get(), agentId, "SKIP", null, null, false, "do-not-call", null, now);
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_records SET status = 'PREVIEW', "
                        + "agent_id = ?, taken_at = ? WHERE id = ? AND status = 'PENDING'")) {
                    ps.setString(1, agentId);
                    Store.setTime(ps, 2, now);
                    ps.setLong(3, id);
                    ps.executeUpdate();
                }
                return held(c, campaignId, agentId);
            }
        });
    }

    /** The record {@code id} if {@code agentId} holds it now. */
    public Future<Optional<CampaignRecord>> heldBy(long id, String agentId) {
        return store.read(c -> {
            Optional<CampaignRecord> r = one(c, "SELECT " + COLUMNS + " FROM campaign_records WHERE id = ? AND "
                    + "status = 'PREVIEW' AND agent_id = ?", id, agentId);
            return r.isEmpty() ? r : Optional.of(withDial(c, r.get()));
        });
    }

    /** The agent dialled the record it holds (the click-to-dial request id): false when it does not hold it. */
    public Future<Boolean> dialled(long id, String agentId, String requestId, Instant now) {
        return store.transaction("campaign_dial", c -> {
            Optional<CampaignRecord> r = one(c, "SELECT " + COLUMNS + " FROM campaign_records WHERE id = ? AND status ="
                    + " 'PREVIEW' AND agent_id = ?", id, agentId);
            if (r.isEmpty()) {
                return false;
            }
            attempt(c, r.get(), agentId, "DIAL", requestId, null, false, null, null, now);
            return true;
        });
    }

    /** The agent skips the record it holds: closed as SKIPPED with the reason. False when it does not hold it. */
    public Future<Boolean> skip(long id, String agentId, String reason, Instant now) {
        return store.transaction("campaign_skip", c -> {
            Optional<CampaignRecord> r = one(c, "SELECT " + COLUMNS + " FROM campaign_records WHERE id = ? AND status ="
                    + " 'PREVIEW' AND agent_id = ?", id, agentId);
            if (r.isEmpty()) {
                return false;
            }
            update(c, "UPDATE campaign_records SET status = 'SKIPPED' WHERE id = ?", id);
            attempt(c, r.get(), agentId, "SKIP", null, null, false, reason, null, now);
            return true;
        });
    }

    /**
     * The outcome of the record the agent holds. With {@code retryAfter} the record goes back to the list, due then
     * ({@code PENDING}, one more retry counted); without, it is closed ({@code DONE}). Empty when the agent does not
     * hold it; else the record as it is now.
     */
    public Future<Optional<CampaignRecord>> outcome(long id, String agentId, String outcome, boolean success,
                                                    Optional<Duration> retryAfter, Optional<Instant> callbackAt,
                                                    Instant now) {
        return store.transaction("campaign_outcome", c -> {
            Optional<CampaignRecord> r = one(c, "SELECT " + COLUMNS + " FROM campaign_records WHERE id = ? AND status ="
                    + " 'PREVIEW' AND agent_id = ?", id, agentId);
            if (r.isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_records SET status = ?, attempts = attempts"
                    + " + 1, retries = retries + ?, next_at = ?, last_outcome = ?, callback_at = ? WHERE id = ?")) {
                ps.setString(1, retryAfter.isPresent() ? CampaignRecord.PENDING : CampaignRecord.DONE);
                ps.setInt(2, retryAfter.isPresent() ? 1 : 0);
                Store.setTime(ps, 3, retryAfter.map(now::plus).orElse(r.get().nextAt()));
                ps.setString(4, outcome);
                Store.setOptTime(ps, 5, callbackAt);
                ps.setLong(6, id);
                ps.executeUpdate();
            }
            attempt(c, r.get(), agentId, "OUTCOME", null, outcome, success, null, callbackAt.orElse(null), now);
            return one(c, "SELECT " + COLUMNS + " FROM campaign_records WHERE id = ?", id, null);
        });
    }

    /** How many records of the campaign are in each status. */
    public Future<Map<String, Long>> counts(String campaignId) {
        return store.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String s : List.of(CampaignRecord.PENDING, CampaignRecord.PREVIEW, CampaignRecord.DONE,
                    CampaignRecord.SKIPPED)) {
                out.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM campaign_records WHERE "
                    + "campaign_id = ? GROUP BY status")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    /** One agent's work in one campaign over a period: dials, outcomes, of them successes, skips. */
    public record Figures(String campaignId, String agentId, long dials, long outcomes, long successes, long skips) {}

    /** Per campaign and agent, the attempts in [from, to). */
    public Future<List<Figures>> figures(Instant from, Instant to) {
        return store.read(c -> {
            List<Figures> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT campaign_id, agent_id,"
                    + " SUM(CASE WHEN kind = 'DIAL' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'OUTCOME' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN kind = 'OUTCOME' AND success THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN kind = 'SKIP' THEN 1 ELSE 0 END)"
                    + " FROM campaign_attempts WHERE at >= ? AND at < ? GROUP BY campaign_id, agent_id"
                    + " ORDER BY campaign_id, agent_id")) {
                Store.setTime(ps, 1, from);
                Store.setTime(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Figures(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Puts back in the list (PENDING, due as before, no holder) the records the agent holds, in every campaign: the
     * agent logged out. Returns how many.
     */
    public Future<Integer> releaseAgent(String agentId) {
        return store.transaction("campaign_release", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_records SET status = 'PENDING', agent_id = "
                    + "NULL, taken_at = NULL WHERE status = 'PREVIEW' AND agent_id = ?")) {
                ps.setString(1, agentId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Puts back in the list the campaign's records taken before {@code takenBefore} and not dialled since they were
     * taken: their agents kept them too long without calling (a dialled one stays through its call and wrap-up, until
     * its outcome or its agent's logout). Returns how many.
     */
    public Future<Integer> releaseExpired(String campaignId, Instant takenBefore) {
        return store.transaction("campaign_release", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_records SET status = 'PENDING', agent_id = "
                    + "NULL, taken_at = NULL WHERE campaign_id = ? AND status = 'PREVIEW' AND taken_at < ? AND NOT EXISTS"
                    + " (SELECT 1 FROM campaign_attempts a WHERE a.record_id = campaign_records.id AND a.kind = 'DIAL'"
                    + " AND a.at >= campaign_records.taken_at)")) {
                ps.setString(1, campaignId);
                Store.setTime(ps, 2, takenBefore);
                return ps.executeUpdate();
            }
        });
    }

    private static Optional<CampaignRecord> held(Connection c, String campaignId, String agentId) throws SQLException {
        Optional<CampaignRecord> r = one(c, "SELECT " + COLUMNS + " FROM campaign_records WHERE campaign_id = ? AND "
                + "status = 'PREVIEW' AND agent_id = ? ORDER BY id LIMIT 1", campaignId, agentId);
        return r.isEmpty() ? r : Optional.of(withDial(c, r.get()));
    }

    /** The record with the request id of its latest dial since it was handed out, if dialled. */
    private static CampaignRecord withDial(Connection c, CampaignRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_id FROM campaign_attempts WHERE record_id = ? "
                + "AND kind = 'DIAL' AND at >= (SELECT taken_at FROM campaign_records WHERE id = ?) ORDER BY id DESC "
                + "LIMIT 1")) {
            ps.setLong(1, r.id());
            ps.setLong(2, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() ? r : new CampaignRecord(r.id(), r.campaignId(), r.number(), r.name(), r.title(),
                        r.notes(), r.status(), r.agentId(), r.attempts(), r.retries(), r.nextAt(), r.lastOutcome(),
                        r.callbackAt(), Optional.ofNullable(rs.getString(1)));
            }
        }
    }

    private static Optional<CampaignRecord> one(Connection c, String sql, Object first, Object second)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, first);
            if (second != null) {
                bind(ps, 2, second);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CampaignRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Store.opt(rs, 5), Store.opt(rs, 6), rs.getString(7), Store.opt(rs, 8), rs.getInt(9),
                        rs.getInt(10), Store.time(rs, 11).orElseThrow(), Store.opt(rs, 12), Store.time(rs, 13),
                        Optional.empty()));
            }
        }
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v instanceof Instant t) {
            Store.setTime(ps, i, t);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else {
            ps.setString(i, (String) v);
        }
    }

    private static void update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static void attempt(Connection c, CampaignRecord r, String agentId, String kind, String requestId,
                                String outcome, boolean success, String reason, Instant callbackAt, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_attempts (record_id, campaign_id, agent_id,"
                + " kind, request_id, outcome, success, reason, callback_at, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.id());
            ps.setString(2, r.campaignId());
            ps.setString(3, agentId);
            ps.setString(4, kind);
            Store.setOpt(ps, 5, Optional.ofNullable(requestId));
            Store.setOpt(ps, 6, Optional.ofNullable(outcome));
            ps.setBoolean(7, success);
            Store.setOpt(ps, 8, Optional.ofNullable(reason));
            Store.setOptTime(ps, 9, Optional.ofNullable(callbackAt));
            Store.setTime(ps, 10, now);
            ps.executeUpdate();
        }
    }
}
