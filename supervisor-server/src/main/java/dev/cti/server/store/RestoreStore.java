package dev.cti.server.store;

import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a restarting server reads back from the records (docs/STORAGE.md, "Restart: restoring from the records"):
 * each agent's last state from {@code agent_state_history}, and the calls a crash left {@code IN_PROGRESS} with
 * their holds; and how those leftovers are closed once the gateway's first snapshot says they are gone.
 */
public final class RestoreStore {
    /** The end cause ({@code calls.outcome}) of a call the server lost track of across a restart. */
    public static final CallRecord.Outcome LOST = CallRecord.Outcome.LOST_ON_RESTART;

    private static final List<AgentState> ON_A_CALL = List.of(AgentState.RESERVED, AgentState.ON_CALL,
            AgentState.WRAP_UP, AgentState.DIALING);

    private final Store store;

    public RestoreStore(Store store) {
        this.store = store;
    }

    /**
     * A call a crash left open, with what its holds add up to.
     *
     * @param heldBefore the length of its finished holds
     * @param heldSince  the start of a hold still open, if any
     */
    /**
     * A call the last run left in progress, with its holds so far and its latest queue visit ({@code visitNo} 1 and
     * the call's start when none is stored): an adopted call that had overflowed goes on as that visit.
     */
    public record OpenCall(CallRecord record, Duration heldBefore, Optional<Instant> heldSince, int visitNo,
                           Optional<Instant> visitEnteredAt) {}

    /**
     * The last stored state of each of {@code agentIds} that has one, as a snapshot: state, not-ready reason, the
     * call of a busy state with its queue (from its CDR), the hold of an ON_CALL agent (an open {@code holds} row),
     * the not-ready reason a click-to-dial returns to, and {@code since} = when that state began. Agents with no
     * history are left out (they are LOGGED_OUT).
     */
    public Future<Map<String, AgentSnapshot>> lastStates(Collection<String> agentIds) {
        return store.read(c -> {
            Map<String, AgentSnapshot> out = new LinkedHashMap<>();
            for (String id : agentIds) {
                lastState(c, id).ifPresent(s -> out.put(id, s));
            }
            return out;
        });
    }

    private static Optional<AgentSnapshot> lastState(Connection c, String agentId) throws SQLException {
        AgentState state;
        Optional<String> reason;
        Optional<String> callId;
        Instant at;
        try (PreparedStatement ps = c.prepareStatement("SELECT to_state, reason, call_id, at FROM agent_state_history"
                + " WHERE agent_id = ? ORDER BY at DESC, id DESC LIMIT 1")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                state = AgentState.valueOf(rs.getString(1));
                reason = Store.opt(rs, 2);
                callId = Store.opt(rs, 3);
                at = Store.time(rs, 4).orElseThrow();
            }
        }
        if (!ON_A_CALL.contains(state) || callId.isEmpty()) {
            return Optional.of(new AgentSnapshot(agentId, state, state == AgentState.NOT_READY ? reason
                    : Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), at));
        }
        String call = callId.get();
        // a click-to-dial's rows are stored under the gateway's call id once it named the call (call_aliases), while
        // the agent's machine and the dialer know it by its request id for its whole life
        String agentCall = requestIdOf(c, call).orElse(call);
        Optional<String> queueId = Store.findCall(c, call).flatMap(CallRecord::queueId);
        boolean held = state == AgentState.ON_CALL && openHold(c, call, agentCall).isPresent();
        return Optional.of(new AgentSnapshot(agentId, state, Optional.empty(), Optional.of(agentCall), queueId, held,
                returnReason(c, agentId, call, agentCall), at));
    }

    /** The click-to-dial request id ({@code dial-...}) that {@code callId} is the gateway's name of, if any. */
    private static Optional<String> requestIdOf(Connection c, String callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT alias FROM call_aliases WHERE call_id = ?"
                + " AND alias LIKE 'dial-%' ORDER BY alias")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The not-ready reason a click-to-dial made from NOT_READY returns to (its DIAL row's from_reason). */
    private static Optional<String> returnReason(Connection c, String agentId, String callId, String agentCall)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event, from_state, from_reason FROM agent_state_history"
                + " WHERE agent_id = ? AND call_id IN (?, ?) ORDER BY at, id LIMIT 1")) {
            ps.setString(1, agentId);
            ps.setString(2, callId);
            ps.setString(3, agentCall);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && "DIAL".equals(rs.getString(1)) && "NOT_READY".equals(rs.getString(2))) {
                    return Store.opt(rs, 3);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> openHold(Connection c, String callId, String agentCall) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT started_at FROM holds WHERE call_id IN (?, ?)"
                + " AND ended_at IS NULL ORDER BY started_at DESC")) {
            ps.setString(1, callId);
            ps.setString(2, agentCall);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Store.time(rs, 1) : Optional.empty();
            }
        }
    }

    /** The CDRs still {@code IN_PROGRESS} (a crash ended the server before their end), oldest first. */
    public Future<List<OpenCall>> openCalls() {
        return store.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM calls WHERE outcome = ?"
                    + " ORDER BY started_at")) {
                ps.setString(1, CallRecord.Outcome.IN_PROGRESS.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<OpenCall> out = new ArrayList<>();
            for (String id : ids) {
                Optional<CallRecord> r = Store.findCall(c, id);
                if (r.isEmpty()) {
                    continue;
                }
                Duration before = Duration.ZERO;
                Optional<Instant> open = Optional.empty();
                try (PreparedStatement ps = c.prepareStatement("SELECT started_at, ended_at FROM holds"
                        + " WHERE call_id = ? ORDER BY started_at")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Instant start = Store.time(rs, 1).orElseThrow();
                            Optional<Instant> end = Store.time(rs, 2);
                            if (end.isPresent()) {
                                before = before.plus(Duration.between(start, end.get()));
                            } else {
                                open = Optional.of(start);
                            }
                        }
                    }
                }
                int visitNo = 1;
                Optional<Instant> entered = Optional.empty();
                try (PreparedStatement ps = c.prepareStatement("SELECT visit_no, entered_at FROM queue_visits"
                        + " WHERE call_id = ? ORDER BY visit_no DESC")) {
                    ps.setString(1, id);
                    ps.setMaxRows(1);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            visitNo = rs.getInt(1);
                            entered = Store.time(rs, 2);
                        }
                    }
                }
                out.add(new OpenCall(r.get(), before, open, visitNo, entered));
            }
            return out;
        });
    }

    /**
     * Closes calls the gateway no longer has after a restart: outcome {@code LOST_ON_RESTART}, {@code ended_at} =
     * {@code at} (when the loss was found, not when the call ended: nobody saw that), their open holds ended then
     * too. Calls already ended are left alone. One transaction.
     */
    public Future<Void> closeLost(Collection<String> callIds, Instant at) {
        return store.transaction("call_lost", c -> {
            for (String id : callIds) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET outcome = ?, ended_at = ?"
                        + " WHERE id = ? AND ended_at IS NULL")) {
                    ps.setString(1, LOST.name());
                    Store.setTime(ps, 2, at);
                    ps.setString(3, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE holds SET ended_at = ? WHERE call_id = ?"
                        + " AND ended_at IS NULL")) {
                    Store.setTime(ps, 1, at);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }
}
