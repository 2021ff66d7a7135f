package dev.cti.server.store;

import dev.cti.config.QaConfig.Rating;
import dev.cti.server.qa.Evaluation;
import dev.cti.server.qa.EvaluationState;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * QA evaluations with their items, deductions and disputes, the form contents they were scored on, and the work list
 * rows they touch. Every change is one transaction with its audit entry and its work-list change, committed before
 * the future completes (design principle 5). Runs on the {@link Store}'s one worker and connection.
 */
public final class EvaluationStore {
    private static final String COLUMNS = "id, call_id, agent_id, team_id, queue_id, direction, evaluator,"
            + " form_version_id, form_id, form_version, status, score, passed, grade, remarks, disputes, created_at,"
            + " updated_at, submitted_at, acknowledged_at";

    private final Store store;

    public EvaluationStore(Store store) {
        this.store = store;
    }

    /** What a change does to the work lists, in the same transaction. */
    public enum WorkChange {
        NONE,
        /** The evaluation was opened: the call's open list row links to it. */
        IN_PROGRESS,
        /** Submitted: its list rows are done. */
        DONE,
        /** Disputed: the call goes back on its evaluator's list (reason {@code dispute}). */
        REQUEUE
    }

    /** The id of the stored content of a form version, stored on first use. */
    public Future<Long> formVersion(String formId, int version, String sha256, String definition, Instant at) {
        return store.transaction("qa_form_version", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM qa_form_versions WHERE form_id = ?"
                    + " AND form_version = ? AND sha256 = ?")) {
                ps.setString(1, formId);
                ps.setInt(2, version);
                ps.setString(3, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_form_versions (form_id, form_version,"
                    + " sha256, definition, first_used_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, formId);
                ps.setInt(2, version);
                ps.setString(3, sha256);
                ps.setString(4, definition);
                Store.setTime(ps, 5, at);
                ps.executeUpdate();
                return generatedId(ps);
            }
        });
    }

    /** The stored content (JSON) of a form version. */
    public Future<Optional<String>> formDefinition(long formVersionId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM qa_form_versions WHERE id = ?")) {
                ps.setLong(1, formVersionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The stored evaluation, and whether this call made it (false: the call already had one, returned as is). */
    public record Created(Evaluation evaluation, boolean created) {}

    /** Stores a new evaluation unless its call and agent already have one; links the work list; audits. */
    public Future<Created> create(Evaluation e, AuditEntry audit) {
        return store.transaction("qa_evaluation", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM qa_evaluations WHERE call_id = ?"
                    + " AND agent_id = ?")) {
                ps.setString(1, e.callId());
                ps.setString(2, e.agentId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Created(find(c, rs.getLong(1)).orElseThrow(), false);
                    }
                }
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_evaluations (call_id, agent_id, team_id,"
                    + " queue_id, direction, evaluator, form_version_id, form_id, form_version, status, score, passed,"
                    + " grade, remarks, disputes, created_at, updated_at, submitted_at, acknowledged_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, e.callId());
                ps.setString(2, e.agentId());
                ps.setString(3, e.teamId());
                Store.setOpt(ps, 4, e.queueId());
                ps.setString(5, e.direction());
                ps.setString(6, e.evaluator());
                ps.setLong(7, e.formVersionId());
                ps.setString(8, e.formId());
                ps.setInt(9, e.formVersion());
                bindMutable(ps, e, 10);
                Store.setTime(ps, 16, e.createdAt());
                Store.setTime(ps, 17, e.updatedAt());
                Store.setOptTime(ps, 18, e.submittedAt());
                Store.setOptTime(ps, 19, e.acknowledgedAt());
                ps.executeUpdate();
                id = generatedId(ps);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_evaluation_items (evaluation_id, item_id,"
                    + " proposed_rating, evidence, rating, overridden, remarks, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int position = 0;
                for (Evaluation.Item item : e.items()) {
                    ps.setInt(8, position++);
                    ps.setLong(1, id);
                    ps.setString(2, item.itemId());
                    Store.setOpt(ps, 3, item.proposed().map(Rating::key));
                    Store.setOpt(ps, 4, item.evidence());
                    Store.setOpt(ps, 5, item.rating().map(Rating::key));
                    ps.setBoolean(6, item.overridden());
                    Store.setOpt(ps, 7, item.remarks());
                    ps.executeUpdate();
                }
            }
            writeDeductions(c, id, e.deductions());
            try (PreparedStatement ps = c.prepareStatement("UPDATE qa_work_items SET status = 'IN_PROGRESS',"
                    + " evaluation_id = ? WHERE call_id = ? AND agent_id = ? AND status = 'OPEN'")) {
                ps.setLong(1, id);
                ps.setString(2, e.callId());
                ps.setString(3, e.agentId());
                ps.executeUpdate();
            }
            Store.insertAudit(c, withCall(audit, e.callId(), id));
            return new Created(e.withId(id), true);
        });
    }

    /**
     * Writes an evaluation's new state (ratings, deductions, score, status, disputes) with its audit entry and its
     * work-list change, all or nothing.
     *
     * @param callDay the local day of the call, for a requeued list row that did not exist
     */
    public Future<Void> save(Evaluation e, WorkChange work, LocalDate callDay, AuditEntry audit) {
        return store.transaction("qa_evaluation", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE qa_evaluations SET status = ?, score = ?,"
                    + " passed = ?, grade = ?, remarks = ?, disputes = ?, updated_at = ?, submitted_at = ?,"
                    + " acknowledged_at = ? WHERE id = ?")) {
                bindMutable(ps, e, 1);
                Store.setTime(ps, 7, e.updatedAt());
                Store.setOptTime(ps, 8, e.submittedAt());
                Store.setOptTime(ps, 9, e.acknowledgedAt());
                ps.setLong(10, e.id());
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("no evaluation " + e.id());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE qa_evaluation_items SET rating = ?,"
                    + " overridden = ?, remarks = ? WHERE evaluation_id = ? AND item_id = ?")) {
                for (Evaluation.Item item : e.items()) {
                    Store.setOpt(ps, 1, item.rating().map(Rating::key));
                    ps.setBoolean(2, item.overridden());
                    Store.setOpt(ps, 3, item.remarks());
                    ps.setLong(4, e.id());
                    ps.setString(5, item.itemId());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qa_deductions WHERE evaluation_id = ?")) {
                ps.setLong(1, e.id());
                ps.executeUpdate();
            }
            writeDeductions(c, e.id(), e.deductions());
            writeDisputes(c, e);
            switch (work) {
                case DONE -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE qa_work_items SET status = 'DONE'"
                            + " WHERE evaluation_id = ?")) {
                        ps.setLong(1, e.id());
                        ps.executeUpdate();
                    }
                }
                case REQUEUE -> WorkListStore.requeue(c, e.evaluator(), e.callId(), e.agentId(), callDay, e.id(),
                        e.updatedAt());
                default -> { }
            }
            Store.insertAudit(c, withCall(audit, e.callId(), e.id()));
            return null;
        });
    }

    private static AuditEntry withCall(AuditEntry a, String callId, long evaluationId) {
        return new AuditEntry(a.actor(), a.action(), a.target(), Optional.of(callId),
                Optional.of("evaluation " + evaluationId + a.detail().map(d -> ": " + d).orElse("")), a.at());
    }

    private static void bindMutable(PreparedStatement ps, Evaluation e, int i) throws SQLException {
        ps.setString(i, e.state().name());
        ps.setDouble(i + 1, e.score().total());
        ps.setBoolean(i + 2, e.score().passed());
        Store.setOpt(ps, i + 3, e.score().grade());
        Store.setOpt(ps, i + 4, e.remarks());
        ps.setInt(i + 5, e.disputes());
    }

    private static void writeDeductions(Connection c, long id, List<Evaluation.Deduction> deductions)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_deductions (evaluation_id, deduction_id,"
                + " occurrences, remarks) VALUES (?, ?, ?, ?)")) {
            for (Evaluation.Deduction d : deductions) {
                ps.setLong(1, id);
                ps.setString(2, d.deductionId());
                ps.setInt(3, d.occurrences());
                Store.setOpt(ps, 4, d.remarks());
                ps.executeUpdate();
            }
        }
    }

    private static void writeDisputes(Connection c, Evaluation e) throws SQLException {
        for (Evaluation.Dispute d : e.disputeList()) {
            if (d.id() == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_disputes (evaluation_id, agent_id,"
                        + " remarks, score_before, opened_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setLong(1, e.id());
                    ps.setString(2, d.agentId());
                    ps.setString(3, d.remarks());
                    ps.setDouble(4, d.scoreBefore());
                    Store.setTime(ps, 5, d.openedAt());
                    ps.executeUpdate();
                }
            } else if (d.resolvedAt().isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE qa_disputes SET resolved_by = ?, reply = ?,"
                        + " score_after = ?, resolved_at = ? WHERE id = ? AND resolved_at IS NULL")) {
                    Store.setOpt(ps, 1, d.resolvedBy());
                    Store.setOpt(ps, 2, d.reply());
                    if (d.scoreAfter().isPresent()) {
                        ps.setDouble(3, d.scoreAfter().get());
                    } else {
                        ps.setNull(3, Types.DOUBLE);
                    }
                    Store.setOptTime(ps, 4, d.resolvedAt());
                    ps.setLong(5, d.id());
                    ps.executeUpdate();
                }
            }
        }
    }

    public Future<Optional<Evaluation>> get(long id) {
        return store.read(c -> find(c, id));
    }

    /**
     * Evaluations without their items (a listing), newest first: of these agents (empty: any), in these states,
     * created in [from, to), at most {@code limit}.
     */
    public Future<List<Evaluation>> list(Collection<String> agents, Collection<EvaluationState> states,
                                         Instant from, Instant to, int limit) {
        return store.read(c -> {
            List<Object> args = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM qa_evaluations WHERE created_at >= ?"
                    + " AND created_at < ?");
            args.add(from);
            args.add(to);
            if (!agents.isEmpty()) {
                sql.append(" AND agent_id IN ").append(CallHistoryStore.in(agents));
                args.addAll(agents);
            }
            sql.append(" AND status IN ").append(CallHistoryStore.in(states));
            states.forEach(s -> args.add(s.name()));
            sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
            args.add(limit);
            List<Evaluation> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    Object a = args.get(i);
                    if (a instanceof Instant t) {
                        Store.setTime(ps, i + 1, t);
                    } else if (a instanceof Integer n) {
                        ps.setInt(i + 1, n);
                    } else {
                        ps.setString(i + 1, (String) a);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs, List.of(), List.of(), List.of()));
                    }
                }
            }
            return out;
        });
    }

    /** Submitted evaluations (submitted, disputed or acknowledged) by team and queue, first submitted in [from, to). */
    public record KpiRow(String teamId, Optional<String> queueId, long submitted, long passed, double scoreSum) {}

    public Future<List<KpiRow>> kpis(Instant from, Instant to) {
        return store.read(c -> {
            List<KpiRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT team_id, queue_id, COUNT(*),"
                    + " SUM(CASE WHEN passed THEN 1 ELSE 0 END), SUM(score) FROM qa_evaluations"
                    + " WHERE status IN ('SUBMITTED', 'DISPUTED', 'ACKNOWLEDGED') AND submitted_at >= ?"
                    + " AND submitted_at < ? GROUP BY team_id, queue_id")) {
                Store.setTime(ps, 1, from);
                Store.setTime(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new KpiRow(rs.getString(1), Store.opt(rs, 2), rs.getLong(3), rs.getLong(4),
                                rs.getDouble(5)));
                    }
                }
            }
            return out;
        });
    }

    static Optional<Evaluation> find(Connection c, long id) throws SQLException {
        List<Evaluation.Item> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT item_id, proposed_rating, evidence, rating, overridden,"
                + " remarks FROM qa_evaluation_items WHERE evaluation_id = ? ORDER BY position")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new Evaluation.Item(rs.getString(1), rating(rs, 2), Store.opt(rs, 3), rating(rs, 4),
                            rs.getBoolean(5), Store.opt(rs, 6)));
                }
            }
        }
        List<Evaluation.Deduction> deductions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT deduction_id, occurrences, remarks FROM qa_deductions"
                + " WHERE evaluation_id = ? ORDER BY deduction_id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deductions.add(new Evaluation.Deduction(rs.getString(1), rs.getInt(2), Store.opt(rs, 3)));
                }
            }
        }
        List<Evaluation.Dispute> disputes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, agent_id, remarks, score_before, opened_at,"
                + " resolved_by, reply, score_after, resolved_at FROM qa_disputes WHERE evaluation_id = ? ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double after = rs.getDouble(8);
                    Optional<Double> scoreAfter = rs.wasNull() ? Optional.empty() : Optional.of(after);
                    disputes.add(new Evaluation.Dispute(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getDouble(4), Store.time(rs, 5).orElseThrow(), Store.opt(rs, 6), Store.opt(rs, 7),
                            scoreAfter, Store.time(rs, 9)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM qa_evaluations WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, items, deductions, disputes)) : Optional.empty();
            }
        }
    }

    private static Evaluation row(ResultSet rs, List<Evaluation.Item> items, List<Evaluation.Deduction> deductions,
                                  List<Evaluation.Dispute> disputes) throws SQLException {
        return new Evaluation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), Store.opt(rs, 5),
                rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getInt(10),
                EvaluationState.valueOf(rs.getString(11)),
                new Evaluation.Score(rs.getDouble(12), rs.getBoolean(13), Store.opt(rs, 14)), Store.opt(rs, 15),
                rs.getInt(16), Store.time(rs, 17).orElseThrow(), Store.time(rs, 18).orElseThrow(), Store.time(rs, 19),
                Store.time(rs, 20), items, deductions, disputes);
    }

    private static Optional<Rating> rating(ResultSet rs, int i) throws SQLException {
        return Store.opt(rs, i).flatMap(Rating::of);
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no generated id");
            }
            return keys.getLong(1);
        }
    }
}
