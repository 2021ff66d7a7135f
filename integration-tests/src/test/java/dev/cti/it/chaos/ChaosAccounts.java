package dev.cti.it.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-of-run accounting: what the parties did ({@link Tally}) against what the database holds, as checks that
 * each pass or fail with the figures, plus the table printed after a run. Only the run's own rows count: calls from
 * its customer numbers, history and wrap-ups of its agents, from its start on.
 */
final class ChaosAccounts {
    private ChaosAccounts() {}

    private record Cdr(String id, String caller, String outcome, String agent) {}

    static JsonObject report(ChaosSystem system, Tally tally, Instant start) throws Exception {
        List<Cdr> cdrs = new java.util.ArrayList<>();
        Map<String, Long> historyByEvent = new TreeMap<>();
        Set<String> storedWrapUps = new HashSet<>();
        long wrapUpRows = 0;
        Timestamp from = Timestamp.from(start);
        try (Connection c = system.database()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, caller_number, outcome, agent_id FROM calls"
                    + " WHERE started_at >= ? AND caller_number LIKE '1390000%'")) {
                ps.setTimestamp(1, Timestamp.from(start.minusSeconds(5)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cdrs.add(new Cdr(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT event, COUNT(*) FROM agent_state_history"
                    + " WHERE at >= ? AND cause = 'AGENT' AND agent_id LIKE 'c%' GROUP BY event")) {
                ps.setTimestamp(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        historyByEvent.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT call_id FROM wrap_ups WHERE at >= ?"
                    + " AND agent_id LIKE 'c%'")) {
                ps.setTimestamp(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        storedWrapUps.add(rs.getString(1));
                        wrapUpRows++;
                    }
                }
            }
        }

        Map<String, Long> storedByNumber = new HashMap<>();
        Map<String, Long> byOutcome = new TreeMap<>();
        for (Cdr r : cdrs) {
            storedByNumber.merge(r.caller(), 1L, Long::sum);
            byOutcome.merge(r.outcome(), 1L, Long::sum);
        }
        long missing = 0;
        long extra = 0;
        Set<String> numbers = new HashSet<>(storedByNumber.keySet());
        numbers.addAll(tally.placed.keySet());
        for (String n : numbers) {
            long placed = tally.placed.getOrDefault(n, new AtomicLong()).get();
            long stored = storedByNumber.getOrDefault(n, 0L);
            missing += Math.max(0, placed - stored);
            extra += Math.max(0, stored - placed);
        }
        Map<String, Cdr> byId = new HashMap<>();
        cdrs.forEach(r -> byId.put(r.id(), r));
        JsonArray answeredWrong = new JsonArray();
        for (Map.Entry<String, String> a : tally.answeredBy.entrySet()) {
            Cdr r = byId.get(a.getKey());
            if (r == null || !"ANSWERED".equals(r.outcome()) || !a.getValue().equals(r.agent())) {
                answeredWrong.add(a.getKey() + ": " + (r == null ? "no record" : r.outcome() + " by " + r.agent())
                        + " (talked by " + a.getValue() + ")");
            }
        }
        JsonArray unansweredWrong = new JsonArray();
        for (Cdr r : cdrs) {
            if (!tally.answeredBy.containsKey(r.id()) && !"ABANDONED".equals(r.outcome())) {
                unansweredWrong.add(r.id() + ": " + r.outcome() + (r.agent() == null ? "" : " by " + r.agent()));
            }
        }
        long inProgress = byOutcome.getOrDefault("IN_PROGRESS", 0L);
        long historyRows = historyByEvent.values().stream().mapToLong(Long::longValue).sum();
        Set<String> wrapUpsMissing = new HashSet<>(tally.wrappedUp);
        wrapUpsMissing.removeAll(storedWrapUps);

        JsonObject calls = new JsonObject().put("placed", tally.placedTotal()).put("stored", (long) cdrs.size())
                .put("missing", missing).put("extra", extra).put("byOutcome", new JsonObject(new TreeMap<>(byOutcome)))
                .put("answeredByAgents", (long) tally.answeredBy.size())
                .put("answeredStoredWrong", answeredWrong).put("notAnsweredStoredWrong", unansweredWrong)
                .put("refusedWhileDraining", tally.refused.get()).put("failedDials", tally.failed.get());
        JsonObject changes = new JsonObject()
                .put("made", new JsonObject(new TreeMap<>(Tally.plain(tally.agentChanges))))
                .put("madeTotal", tally.agentChangesTotal())
                .put("historyRowsByEvent", new JsonObject(new TreeMap<>(historyByEvent)))
                .put("historyRows", historyRows).put("holds", tally.holds.get())
                .put("agentsFoundLoggedOut", tally.foundLoggedOut.get())
                .put("refusedCommands", new JsonObject(new TreeMap<>(Tally.plain(tally.refusedCommands))));
        JsonObject wrapUps = new JsonObject().put("sent", (long) tally.wrappedUp.size()).put("stored", wrapUpRows)
                .put("missing", (long) wrapUpsMissing.size());

        JsonArray checks = new JsonArray()
                .add(check("calls placed = call records stored", tally.placedTotal() + " placed",
                        cdrs.size() + " stored, " + missing + " missing, " + extra + " extra",
                        missing == 0 && extra == 0 && tally.placedTotal() > 0))
                .add(check("no record left IN_PROGRESS", "0", Long.toString(inProgress), inProgress == 0))
                .add(check("calls an agent talked on: ANSWERED by that agent", tally.answeredBy.size() + " calls",
                        answeredWrong.size() + " wrong", answeredWrong.isEmpty() && !tally.answeredBy.isEmpty()))
                .add(check("calls no agent took: ABANDONED", "every one", unansweredWrong.size() + " wrong",
                        unansweredWrong.isEmpty()))
                .add(check("agent state changes = history rows", tally.agentChangesTotal() + " changes",
                        historyRows + " rows", historyRows == tally.agentChangesTotal()))
                .add(check("agents kept their state (none shown LOGGED_OUT)", "0",
                        Long.toString(tally.foundLoggedOut.get()), tally.foundLoggedOut.get() == 0))
                .add(check("wrap-ups sent = stored", tally.wrappedUp.size() + " sent",
                        wrapUpRows + " stored, " + wrapUpsMissing.size() + " missing",
                        wrapUpsMissing.isEmpty() && wrapUpRows == tally.wrappedUp.size()))
                .add(check("established calls dropped", "0", Long.toString(tally.dropped.get()),
                        tally.dropped.get() == 0));
        return new JsonObject().put("calls", calls).put("agentStateChanges", changes).put("wrapUps", wrapUps)
                .put("droppedCalls", tally.dropped.get()).put("checks", checks);
    }

    static JsonObject check(String name, String expected, String measured, boolean ok) {
        return new JsonObject().put("check", name).put("expected", expected).put("measured", measured).put("ok", ok);
    }

    /** The summary table (Markdown) of a report. */
    static String table(JsonObject report) {
        StringBuilder t = new StringBuilder("| check | expected | measured | ok |\n|---|---|---|---|\n");
        for (Object o : report.getJsonArray("checks")) {
            JsonObject c = (JsonObject) o;
            t.append("| ").append(c.getString("check")).append(" | ").append(c.getString("expected")).append(" | ")
                    .append(c.getString("measured")).append(" | ").append(c.getBoolean("ok") ? "yes" : "**NO**")
                    .append(" |\n");
        }
        JsonObject start = report.getJsonObject("memoryBytes").getJsonObject("start");
        JsonObject end = report.getJsonObject("memoryBytes").getJsonObject("end");
        for (String p : List.of("server", "gateway", "postgresql")) {
            t.append("| memory (RSS) of ").append(p).append(" | - | ").append(mib(start.getLong(p)))
                    .append(" at start, ").append(mib(end.getLong(p))).append(" at end | - |\n");
        }
        return t.toString();
    }

    private static String mib(long bytes) {
        return bytes / (1024 * 1024) + " MiB";
    }
}
