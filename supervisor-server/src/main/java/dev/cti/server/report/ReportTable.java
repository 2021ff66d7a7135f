package dev.cti.server.report;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.server.kpi.QueueCounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The columns of each report, once, for its JSON and its CSV (UTF-8 with a BOM, so Excel opens Chinese correctly;
 * RFC 4180 quoting). A ratio without a denominator is null in JSON and empty in CSV ("no data"), never 0.
 */
public final class ReportTable<C> {
    /** One column: its name and how a row gives its value. */
    public record Column<C>(String name, BiFunction<ReportService.Row<C>, CtiConfig, Object> value) {}

    private final List<Column<C>> columns;

    private ReportTable(List<Column<C>> columns) {
        this.columns = List.copyOf(columns);
    }

    public List<String> header() {
        return columns.stream().map(Column::name).toList();
    }

    public JsonArray json(List<ReportService.Row<C>> rows, CtiConfig config) {
        JsonArray out = new JsonArray();
        for (ReportService.Row<C> r : rows) {
            JsonObject o = new JsonObject();
            columns.forEach(c -> o.put(c.name(), c.value().apply(r, config)));
            if (!r.notReady().isEmpty()) {
                JsonObject reasons = new JsonObject();
                r.notReady().forEach((k, ms) -> reasons.put(k, ms / 1000.0));
                o.put("notReadySecondsByReason", reasons);
            }
            out.add(o);
        }
        return out;
    }

    /** The rows as CSV: a BOM, the header, one line per row. */
    public byte[] csv(List<ReportService.Row<C>> rows, CtiConfig config) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        line(sb, header());
        for (ReportService.Row<C> r : rows) {
            List<String> cells = new ArrayList<>();
            columns.forEach(c -> cells.add(cell(c.value().apply(r, config))));
            line(sb, cells);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        sb.append("\r\n");
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String cell(Object v) {
        return v == null ? "" : v instanceof Double d ? trim(d) : v.toString();
    }

    private static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format("%.4f", d);
    }

    static Double value(OptionalDouble d) {
        return d.isPresent() ? Math.round(d.getAsDouble() * 10_000) / 10_000.0 : null;
    }

    private static <C> Column<C> col(String name, Function<C, Object> f) {
        return new Column<>(name, (r, cfg) -> f.apply(r.counts()));
    }

    private static QueueConfig.ServiceLevel sl(CtiConfig config, String queue) {
        return config.queue(queue).map(QueueConfig::serviceLevel)
                .orElse(new QueueConfig.ServiceLevel(20, 80, 5, true, true));
    }

    /** The queue report's columns. */
    public static final ReportTable<QueueCounts> QUEUES = new ReportTable<>(List.of(
            new Column<>("period", (r, c) -> r.period()), new Column<>("queue", (r, c) -> r.id()),
            col("offered", QueueCounts::offered), col("answered", QueueCounts::answered),
            col("abandoned", QueueCounts::abandoned), col("abandonedShort", QueueCounts::abandonedShort),
            col("abandonedLong", QueueCounts::abandonedLong), col("overflowed", QueueCounts::overflowed),
            col("timedOut", QueueCounts::timedOut), col("transfers", QueueCounts::transfers),
            new Column<>("serviceLevel", (r, c) -> value(r.counts().serviceLevel(sl(c, r.id())))),
            col("serviceLevelAsteriskPerf", n -> value(n.serviceLevelAsteriskPerf())),
            col("serviceLevelAsteriskPerf2", n -> value(n.serviceLevelAsteriskPerf2())),
            col("serviceLevelConnect", n -> value(n.serviceLevelConnect())),
            col("answerRate", n -> value(n.answerRate())), col("abandonRate", n -> value(n.abandonRate())),
            col("averageSpeedOfAnswerSeconds", n -> value(n.averageSpeedOfAnswerSeconds())),
            col("averageQueueSeconds", n -> value(n.averageQueueSeconds())),
            col("longestWaitSeconds", n -> n.longestWaitMillis() / 1000.0),
            col("averageRings", n -> value(n.averageRings())),
            col("ringTargetMetRate", n -> value(n.ringTargetMetRate())), col("handled", QueueCounts::handled),
            col("averageHandleSeconds", n -> value(n.averageHandleSeconds())),
            col("averageTalkSeconds", n -> value(n.averageTalkSeconds())),
            col("averageHoldSeconds", n -> value(n.averageHoldSeconds())),
            col("averageWrapUpSeconds", n -> value(n.averageWrapUpSeconds())),
            col("complaints", QueueCounts::complaints), col("complaintRate", n -> value(n.complaintRate()))));

    private static List<Column<AgentCounts>> agentColumns(String idName, boolean names) {
        List<Column<AgentCounts>> out = new ArrayList<>(List.of(new Column<>("period", (r, c) -> r.period()),
                new Column<>(idName, (r, c) -> r.id())));
        if (names) {
            out.add(new Column<>("name", (r, c) -> c.agent(r.id()).map(a -> a.name()).orElse(null)));
            out.add(new Column<>("team", (r, c) -> c.agent(r.id()).map(a -> a.team()).orElse(null)));
        }
        out.addAll(List.of(col("loggedInSeconds", n -> n.loggedInMillis() / 1000.0),
                col("readySeconds", n -> n.readyMillis() / 1000.0),
                col("notReadySeconds", n -> n.notReadyMillis() / 1000.0),
                col("ringingSeconds", n -> n.reservedMillis() / 1000.0),
                col("onCallSeconds", n -> n.onCallMillis() / 1000.0),
                col("dialingSeconds", n -> n.dialingMillis() / 1000.0),
                col("wrapUpStateSeconds", n -> n.wrapUpStateMillis() / 1000.0),
                col("occupancy", n -> value(n.occupancy())), col("answered", AgentCounts::answered),
                col("handled", AgentCounts::handled), col("averageHandleSeconds", n -> value(n.averageHandleSeconds())),
                col("talkSeconds", n -> n.talkMillis() / 1000.0), col("holdSeconds", n -> n.holdMillis() / 1000.0),
                col("wrapUpSeconds", n -> n.wrapUpMillis() / 1000.0),
                col("outboundAttempts", AgentCounts::outboundAttempts),
                col("outboundAnswered", AgentCounts::outboundAnswered),
                col("outboundSuccesses", AgentCounts::outboundSuccesses),
                col("conversionRate", n -> value(n.conversionRate())), col("ronas", AgentCounts::ronas),
                col("complaints", AgentCounts::complaints)));
        return out;
    }

    /** The agent report's columns. */
    public static final ReportTable<AgentCounts> AGENTS = new ReportTable<>(agentColumns("agent", true));
    /** The team report's columns (the team's agents summed). */
    public static final ReportTable<AgentCounts> TEAMS = new ReportTable<>(agentColumns("team", false));

    /** A map of named values as CSV (one header line, one value line): indicators. */
    static byte[] csv(List<String> header, List<List<String>> lines) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        line(sb, header);
        lines.forEach(l -> line(sb, l));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

}
