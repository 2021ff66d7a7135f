package dev.cti.server.report;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.privacy.PhoneMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Our records as Asterisk's {@code queue_log} ({@code epoch|callid|queuename|agent|event|data1|data2|...}), so the
 * queue report tools call centers already own can read our history. The mapping (docs/METRICS.md, "queue_log"):
 * <pre>
 * queue visit entered            ENTERQUEUE|url|callerid                    (url empty, callerid masked)
 * visit answered                 CONNECT|holdtime|bridgedchanneluniqueid|ringtime   (agent: the agent id)
 * answered visit ended           COMPLETECALLER|holdtime|calltime|origposition
 * ... by a completed transfer    BLINDTRANSFER|extension|context|holdtime|calltime|origposition
 * visit abandoned                ABANDON|position|origposition|waittime
 * timed out, or overflowed       EXITWITHTIMEOUT|position|origposition|waittime (an overflow: ENTERQUEUE in the next)
 * ring not answered in time      RINGNOANSWER|ringtime (milliseconds)
 * login / logout                 ADDMEMBER / REMOVEMEMBER (callid NONE; one line per queue the agent serves)
 * not ready / ready again        PAUSE|reason / UNPAUSE|reason
 * </pre>
 * Times are seconds (ringtime of RINGNOANSWER milliseconds), as Asterisk writes them; positions are not recorded here
 * and are given as 1; EXITWITHKEY is never written (callers cannot leave a queue by a key here). Which party hung up is
 * not recorded, so an ended call is COMPLETECALLER.
 */
final class QueueLogExport {
    private final CtiConfig config;

    QueueLogExport(CtiConfig config) {
        this.config = config;
    }

    private record Line(long atMillis, int order, String text) {}

    List<String> lines(Connection c, Instant from, Instant to) throws SQLException {
        List<Line> out = new ArrayList<>();
        Map<String, Integer> transfers = new HashMap<>();
        Map<String, String> transferTarget = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT call_id, kind, target FROM call_transfers"
                + " WHERE outcome = 'COMPLETED' AND at >= ? AND at < ?")) {
            Sql.time(ps, 1, from.minusSeconds(86_400));
            Sql.time(ps, 2, to.plusSeconds(86_400));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    transfers.merge(rs.getString(1), 1, Integer::sum);
                    transferTarget.put(rs.getString(1), "QUEUE".equals(rs.getString(2)) ? rs.getString(3) + "|queue"
                            : PhoneMask.mask(rs.getString(3)) + "|external");
                }
            }
        }
        Map<String, String> queueOfCall = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT call_id, queue_id, caller_number, entered_at, outcome,"
                + " left_at, wait_ms, agent_id, ring_ms, ended_at, talk_ms, hold_ms, arrived_at FROM queue_visits"
                + " WHERE (entered_at >= ? AND entered_at < ?) OR (left_at >= ? AND left_at < ?)"
                + " OR (ended_at >= ? AND ended_at < ?)")) {
            for (int i = 0; i < 3; i++) {
                Sql.time(ps, 1 + 2 * i, from);
                Sql.time(ps, 2 + 2 * i, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String call = rs.getString(1);
                    String queue = rs.getString(2);
                    queueOfCall.put(call, queue);
                    Instant entered = Sql.time(rs, 4);
                    String outcome = rs.getString(5);
                    Instant left = Sql.time(rs, 6);
                    // Asterisk's holdtime/waittime: time in this queue (an overflowed call's wait began in the first)
                    long inQueue = left == null ? 0 : Math.max(0, (left.toEpochMilli() - entered.toEpochMilli()) / 1000);
                    String agent = rs.getString(8);
                    add(out, from, to, entered, 0, call, queue, "NONE", "ENTERQUEUE", "",
                            rs.getString(3) == null ? "" : PhoneMask.mask(rs.getString(3)));
                    switch (outcome) {
                        case "ANSWERED" -> {
                            add(out, from, to, left, 1, call, queue, agent, "CONNECT", Long.toString(inQueue), call,
                                    Long.toString(rs.getLong(9) / 1000));
                            Instant ended = Sql.time(rs, 10);
                            if (ended != null) {
                                String callTime = Long.toString((rs.getLong(11) + rs.getLong(12)) / 1000);
                                if (transfers.containsKey(call)) {
                                    String[] t = transferTarget.get(call).split("\\|");
                                    add(out, from, to, ended, 2, call, queue, agent, "BLINDTRANSFER", t[0], t[1],
                                            Long.toString(inQueue), callTime, "1");
                                } else {
                                    add(out, from, to, ended, 2, call, queue, agent, "COMPLETECALLER",
                                            Long.toString(inQueue), callTime, "1");
                                }
                            }
                        }
                        case "ABANDONED" -> add(out, from, to, left, 1, call, queue, "NONE", "ABANDON", "1", "1",
                                Long.toString(inQueue));
                        case "TIMED_OUT", "OVERFLOWED" -> add(out, from, to, left, 1, call, queue, "NONE",
                                "EXITWITHTIMEOUT", "1", "1", Long.toString(inQueue));
                        default -> { }
                    }
                }
            }
        }
        agentLines(c, from, to, out, queueOfCall);
        out.sort(Comparator.comparingLong(Line::atMillis).thenComparingInt(Line::order));
        return out.stream().map(Line::text).toList();
    }

    private void agentLines(Connection c, Instant from, Instant to, List<Line> out, Map<String, String> queueOfCall)
            throws SQLException {
        Map<String, Instant> reserved = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT h.agent_id, h.from_state, h.from_reason, h.to_state,"
                + " h.reason, h.event, COALESCE(a.call_id, h.call_id), h.at FROM agent_state_history h"
                + " LEFT JOIN call_aliases a ON a.alias = h.call_id WHERE h.at >= ? AND h.at < ? ORDER BY h.at, h.id")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String agent = rs.getString(1);
                    String fromState = rs.getString(2);
                    String toState = rs.getString(4);
                    String call = rs.getString(7);
                    Instant at = Sql.time(rs, 8);
                    if ("RESERVED".equals(toState)) {
                        reserved.put(agent, at);
                    }
                    if ("RING_NO_ANSWER".equals(rs.getString(6))) {
                        Instant rang = reserved.getOrDefault(agent, at);
                        add(out, from, to, at, 3, call == null ? "NONE" : call,
                                call == null ? "NONE" : queueOfCall.getOrDefault(call, "NONE"), agent, "RINGNOANSWER",
                                Long.toString(at.toEpochMilli() - rang.toEpochMilli()));
                    }
                    for (String queue : queuesOf(agent)) {
                        if ("LOGGED_OUT".equals(fromState)) {
                            add(out, from, to, at, 4, "NONE", queue, agent, "ADDMEMBER", "");
                        }
                        if ("NOT_READY".equals(toState) && !"NOT_READY".equals(fromState)) {
                            add(out, from, to, at, 5, "NONE", queue, agent, "PAUSE", nz(rs.getString(5)));
                        }
                        if ("NOT_READY".equals(fromState) && !"NOT_READY".equals(toState)) {
                            add(out, from, to, at, 3, "NONE", queue, agent, "UNPAUSE", nz(rs.getString(3)));
                        }
                        if ("LOGGED_OUT".equals(toState)) {
                            add(out, from, to, at, 6, "NONE", queue, agent, "REMOVEMEMBER", "");
                        }
                    }
                }
            }
        }
    }

    private List<String> queuesOf(String agentId) {
        AgentConfig a = config.agent(agentId).orElse(null);
        if (a == null) {
            return List.of();
        }
        return config.queues().stream().filter(q -> q.accepts(a.skills())).map(QueueConfig::id).toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void add(List<Line> out, Instant from, Instant to, Instant at, int order, String call, String queue,
                            String agent, String event, String... data) {
        if (at == null || at.isBefore(from) || !at.isBefore(to)) {
            return;
        }
        StringBuilder sb = new StringBuilder().append(at.getEpochSecond()).append('|').append(call).append('|')
                .append(queue).append('|').append(agent == null ? "NONE" : agent).append('|').append(event);
        for (String d : data) {
            sb.append('|').append(d.replace('|', '/').replace('\n', ' '));
        }
        out.add(new Line(at.toEpochMilli(), order, sb.toString()));
    }
}
