package dev.cti.server.report;

import static dev.cti.server.report.MonthOfRecords.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue_log export read back by Asterisk's documented layout ({@code time|callid|queue|agent|event|data...}, the
 * data fields of each event as Asterisk's "Queue Logs" page lists them), in time order, each call's events in order.
 */
class QueueLogExportTest {
    /** Asterisk's data fields per event. */
    static final Map<String, List<String>> LAYOUT = Map.ofEntries(
            Map.entry("ENTERQUEUE", List.of("url", "callerid")),
            Map.entry("CONNECT", List.of("holdtime", "bridgedchanneluniqueid", "ringtime")),
            Map.entry("COMPLETECALLER", List.of("holdtime", "calltime", "origposition")),
            Map.entry("COMPLETEAGENT", List.of("holdtime", "calltime", "origposition")),
            Map.entry("ABANDON", List.of("position", "origposition", "waittime")),
            Map.entry("EXITWITHTIMEOUT", List.of("position", "origposition", "waittime")),
            Map.entry("EXITWITHKEY", List.of("key", "position", "origposition", "waittime")),
            Map.entry("RINGNOANSWER", List.of("ringtime")),
            Map.entry("TRANSFER", List.of("extension", "context", "holdtime", "calltime", "origposition")),
            Map.entry("BLINDTRANSFER", List.of("extension", "context", "holdtime", "calltime", "origposition")),
            Map.entry("ADDMEMBER", List.of("")),
            Map.entry("REMOVEMEMBER", List.of("")),
            Map.entry("PAUSE", List.of("reason")),
            Map.entry("UNPAUSE", List.of("reason")));
    static final List<String> NUMERIC = List.of("holdtime", "ringtime", "calltime", "origposition", "position",
            "waittime");

    @TempDir
    Path dir;
    Vertx vertx = Vertx.vertx();
    Store store;

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        get(vertx.close());
    }

    @Test
    void every_line_parses_by_asterisks_layout_in_order() throws Exception {
        CtiConfig config = TestConfigs.sample(dir.resolve("data").toString());
        LocalDate day = LocalDate.of(2026, 6, 1);
        HandClock clock = new HandClock(MonthOfRecords.at(day.plusDays(3), 0, 0));
        store = Store.open(config.storage(), vertx, new SimpleMeterRegistry(), clock);
        MonthOfRecords month = new MonthOfRecords(store, 7).month(day, day.plusDays(1));
        // a ring not answered in time
        month.change("a1", AgentState.NOT_READY, "system.login", AgentEventType.LOGIN, null, MonthOfRecords.at(day.plusDays(2), 9, 0));
        month.change("a1", AgentState.READY, null, AgentEventType.SET_READY, null, MonthOfRecords.at(day.plusDays(2), 9, 1));
        month.change("a1", AgentState.RESERVED, null, AgentEventType.CALL_OFFERED, "rona-call",
                MonthOfRecords.at(day.plusDays(2), 9, 2));
        month.change("a1", AgentState.NOT_READY, "system.rona", AgentEventType.RING_NO_ANSWER, "rona-call",
                MonthOfRecords.at(day.plusDays(2), 9, 2).plusSeconds(15));
        try (Reports reports = new Reports(vertx, config, store, new SimpleMeterRegistry(), clock)) {
            List<String> lines = get(reports.queueLog(new ReportQuery(day, day.plusDays(2), Period.DAY, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty())));
            assertThat(lines).hasSizeGreaterThan(50);
            long last = 0;
            Map<String, String> lastEventOfCall = new HashMap<>();
            Map<String, Integer> seen = new HashMap<>();
            for (String line : lines) {
                String[] f = line.split("\\|", -1);
                assertThat(f.length).as(line).isGreaterThanOrEqualTo(5);
                long time = Long.parseLong(f[0]);
                assertThat(time).as("time order: " + line).isGreaterThanOrEqualTo(last);
                last = time;
                String event = f[4];
                List<String> layout = LAYOUT.get(event);
                assertThat(layout).as("an Asterisk event: " + line).isNotNull();
                assertThat(f.length - 5).as("data fields of " + line).isEqualTo(layout.size());
                for (int i = 0; i < layout.size(); i++) {
                    if (NUMERIC.contains(layout.get(i))) {
                        assertThat(f[5 + i]).as(layout.get(i) + " of " + line).matches("[0-9]+");
                    }
                }
                seen.merge(event, 1, Integer::sum);
                String call = f[1];
                if (!call.equals("NONE")) {
                    String previous = lastEventOfCall.put(call + "|" + f[2], event);
                    switch (event) {
                        case "ENTERQUEUE" -> assertThat(previous).as(line).isNull();
                        case "CONNECT", "ABANDON", "EXITWITHTIMEOUT" -> assertThat(previous).as(line).isEqualTo("ENTERQUEUE");
                        case "COMPLETECALLER", "BLINDTRANSFER" -> assertThat(previous).as(line).isEqualTo("CONNECT");
                        default -> { }
                    }
                    if (event.equals("ENTERQUEUE")) {
                        assertThat(f[3]).isEqualTo("NONE");
                        assertThat(f[6]).as("caller id masked").matches("[0-9]{3}\\*+[0-9]{4}");
                    }
                }
            }
            assertThat(seen).containsKeys("ENTERQUEUE", "CONNECT", "COMPLETECALLER", "ABANDON", "EXITWITHTIMEOUT",
                    "RINGNOANSWER", "ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE");
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("|rona-call|NONE|a1|RINGNOANSWER|15000"));
            assertThat(lines).anySatisfy(l -> assertThat(l).matches("[0-9]+\\|NONE\\|sales\\|a1\\|PAUSE\\|break"));
        }
    }
}
