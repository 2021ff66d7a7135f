package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.QueueVisit;
import dev.cti.server.store.QueueVisitStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report endpoints over HTTP (issue 15): who may see what (the policy's report columns), bad parameters refused by
 * name and counted, the CSV's BOM, header and rows, and the number search audited. Records of today: a1 (team red)
 * answers a call, a3 (team blue) answers another, one caller abandons.
 */
class ReportApiTest extends HttpApiTestBase {
    static final String NUMBER = "13800001234";
    static String today;

    @BeforeAll
    static void records() throws Exception {
        ZoneId zone = ZoneId.of(config.site().timeZone());
        Instant start = LocalDate.now(zone).atStartOfDay(zone).toInstant().plusSeconds(60);
        today = LocalDate.now(zone).toString();
        QueueVisitStore visits = new QueueVisitStore(store);
        for (String agent : List.of("a1", "a3")) {
            get(store.recordStateChange(new AgentStateChange(agent, AgentState.LOGGED_OUT, Optional.empty(),
                    AgentState.READY, Optional.empty(), AgentEventType.SET_READY, Cause.agent(agent), Optional.empty(),
                    start)));
        }
        call(visits, "r1", "a1", start.plusSeconds(10), NUMBER);
        call(visits, "r2", "a3", start.plusSeconds(20), "13900009999");
        get(visits.record(new QueueVisit("r3", 1, "sales", Optional.of(NUMBER), start, start.plusSeconds(30),
                QueueVisit.Outcome.ABANDONED, Optional.of(start.plusSeconds(40)), Optional.of(10_000L), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())));
        get(store.recordCall(cdr("r3", null, start.plusSeconds(30), NUMBER, CallRecord.Outcome.ABANDONED)));
        get(reports.intervals().runNow());
    }

    private static void call(QueueVisitStore visits, String id, String agent, Instant at, String number)
            throws Exception {
        get(visits.record(new QueueVisit(id, 1, "sales", Optional.of(number), at, at, QueueVisit.Outcome.ANSWERED,
                Optional.of(at.plusSeconds(5)), Optional.of(5_000L), Optional.of(agent), Optional.of(at.plusSeconds(5)),
                Optional.of(2_000L), Optional.of(1), Optional.of(at.plusSeconds(65)), Optional.of(60_000L),
                Optional.of(0L), Optional.empty())));
        get(store.recordCall(cdr(id, agent, at, number, CallRecord.Outcome.ANSWERED)));
    }

    private static CallRecord cdr(String id, String agent, Instant at, String number, CallRecord.Outcome outcome) {
        return new CallRecord(id, CallRecord.Direction.INBOUND, Optional.of("sales"), Optional.of(number),
                Optional.of("4001"), Optional.ofNullable(agent), outcome, Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty(), at,
                Optional.of(at.plusSeconds(5)), Optional.of(at.plusSeconds(65)));
    }

    private static HttpResponse<Buffer> as(String user, String path) throws Exception {
        return get(getAs(user, path));
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(code);
    }

    private static Set<String> column(HttpResponse<Buffer> r, String array, String key) {
        Set<String> out = new HashSet<>();
        JsonArray rows = r.bodyAsJsonObject().getJsonArray(array);
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.getJsonObject(i).getString(key));
        }
        return out;
    }

    @Test
    void report_role_matrix_over_http() throws Exception {
        // queue figures: every role but agents, the site's
        assertError(as("alice", "/api/reports/queues"), 403, "forbidden");
        for (String user : List.of("sam", "sue", "quinn", "root")) {
            HttpResponse<Buffer> r = as(user, "/api/reports/queues?by=total");
            assertThat(r.statusCode()).as(user).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getInteger("offered")).isEqualTo(3);
        }
        // agent and team figures: supervisors and QA users their teams' agents only, admins all
        assertThat(column(as("sam", "/api/reports/agents?by=total"), "rows", "agent")).containsExactly("a1");
        assertThat(column(as("quinn", "/api/reports/agents?by=total"), "rows", "agent")).containsExactly("a1");
        assertThat(column(as("root", "/api/reports/agents?by=total"), "rows", "agent")).containsExactlyInAnyOrder("a1", "a3");
        assertThat(column(as("sam", "/api/reports/teams?by=total"), "rows", "team")).containsExactly("red");
        assertThat(column(as("root", "/api/reports/teams?by=total"), "rows", "team")).containsExactlyInAnyOrder("red", "blue");
        assertError(as("sam", "/api/reports/agents?agent=a3"), 403, "forbidden");
        assertError(as("sam", "/api/reports/teams?team=blue"), 403, "forbidden");
        assertError(as("alice", "/api/reports/indicators"), 403, "forbidden");
        assertThat(as("quinn", "/api/reports/indicators").statusCode()).isEqualTo(200);
        assertThat(as("sam", "/api/reports/incidents").statusCode()).isEqualTo(200);
        // queue_log: admins
        for (String user : List.of("alice", "sam", "quinn")) {
            assertError(as(user, "/api/reports/queue_log"), 403, "forbidden");
        }
        assertThat(as("root", "/api/reports/queue_log").bodyAsJsonObject().getJsonArray("lines")).isNotEmpty();
        // call history: agents their own calls, supervisors and QA their teams' (and unanswered), admins all
        assertThat(column(as("alice", "/api/calls/history"), "calls", "id")).containsExactly("r1");
        assertThat(column(as("sam", "/api/calls/history"), "calls", "id")).containsExactlyInAnyOrder("r1", "r3");
        assertThat(column(as("quinn", "/api/calls/history"), "calls", "id")).containsExactlyInAnyOrder("r1", "r3");
        assertThat(column(as("root", "/api/calls/history"), "calls", "id")).containsExactlyInAnyOrder("r1", "r2", "r3");
        assertThat(column(as("root", "/api/calls/history"), "calls", "party")).containsOnly("138****1234", "139****9999");
        assertError(as("sam", "/api/calls/history?agent=a3"), 403, "forbidden");
        // audit: admins
        for (String user : List.of("alice", "sam", "quinn")) {
            assertError(as(user, "/api/audit"), 403, "forbidden");
        }
        assertThat(as("root", "/api/audit").statusCode()).isEqualTo(200);
    }

    @Test
    void searching_by_number_is_a_supervisor_and_admin_right_and_audited() throws Exception {
        HttpResponse<Buffer> sam = as("sam", "/api/calls/history?number=" + NUMBER);
        assertThat(column(sam, "calls", "id")).containsExactlyInAnyOrder("r1", "r3");
        assertThat(column(as("root", "/api/calls/history?number=" + NUMBER), "calls", "id"))
                .containsExactlyInAnyOrder("r1", "r3");
        assertError(as("quinn", "/api/calls/history?number=" + NUMBER), 403, "forbidden");
        assertError(as("alice", "/api/calls/history?number=" + NUMBER), 403, "forbidden");
        var audit = get(store.auditLog(50)).stream().filter(a -> a.action().equals("call-history-search")).toList();
        assertThat(audit).extracting(a -> a.actor()).contains("sam", "root", "quinn", "alice");
        assertThat(audit).allSatisfy(a -> assertThat(a.detail().orElseThrow()).doesNotContain(NUMBER)
                .contains("hmac-sha256:"));
        assertThat(audit.stream().filter(a -> a.actor().equals("quinn")).findFirst().orElseThrow().detail().orElseThrow())
                .startsWith("denied:");
        // the audit browser finds them
        HttpResponse<Buffer> browse = as("root", "/api/audit?action=call-history-search&actor=sam");
        assertThat(browse.bodyAsJsonObject().getLong("total")).isGreaterThanOrEqualTo(1);
        assertThat(column(browse, "entries", "actor")).containsOnly("sam");
    }

    @Test
    void csv_has_a_bom_the_columns_as_header_and_one_line_per_row() throws Exception {
        HttpResponse<Buffer> json = as("root", "/api/reports/queues?by=interval");
        HttpResponse<Buffer> csv = as("root", "/api/reports/queues?by=interval&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.getHeader("content-type")).startsWith("text/csv");
        assertThat(csv.getHeader("content-disposition")).contains("attachment").contains(".csv");
        byte[] bytes = csv.body().getBytes();
        assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
        assertThat(bytes[1] & 0xff).isEqualTo(0xBB);
        assertThat(bytes[2] & 0xff).isEqualTo(0xBF);
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        JsonArray columns = json.bodyAsJsonObject().getJsonArray("columns");
        assertThat(lines[0]).isEqualTo(String.join(",", columns.getList()));
        assertThat(lines).hasSize(1 + json.bodyAsJsonObject().getJsonArray("rows").size());
        assertThat(lines[1]).startsWith(today + "T00:00,sales,3,2,1,");
    }

    @Test
    void bad_parameters_are_refused_by_name_and_counted() throws Exception {
        double before = meters.counter("cti.http.bad.requests").count();
        String[][] cases = {
                {"/api/reports/queues?from=2026-13-01", "'from'"},
                {"/api/reports/queues?from=2026-03-02&to=2026-03-01", "'to'"},
                {"/api/reports/queues?from=2025-01-01&to=2026-03-01", "'to'"},
                {"/api/reports/queues?from=2026-01-01&to=2026-03-01&by=interval", "'by'"},
                {"/api/reports/queues?by=fortnight", "'by'"},
                {"/api/reports/queues?queue=nope", "'queue'"},
                {"/api/reports/agents?team=nope", "'team'"},
                {"/api/reports/agents?agent=nope", "'agent'"},
                {"/api/reports/queues?format=xml", "'format'"},
                {"/api/reports/queues?colour=red", "'colour'"},
                {"/api/reports/queues?from=2026-03-01&from=2026-03-02", "'from'"},
                {"/api/calls/history?number=abc", "'number'"},
                {"/api/calls/history?outcome=LOST", "'outcome'"},
                {"/api/calls/history?size=1000", "'size'"},
                {"/api/calls/history?page=-1", "'page'"},
                {"/api/audit?to=yesterday", "'to'"},
        };
        for (String[] c : cases) {
            HttpResponse<Buffer> r = as("root", c[0]);
            assertError(r, 400, "bad_parameter");
            assertThat(r.bodyAsJsonObject().getString("message")).as(c[0]).startsWith(c[1]);
        }
        assertThat(meters.counter("cti.http.bad.requests").count() - before).isEqualTo(cases.length);
        assertError(as("root", "/api/reports/nothing"), 404, "not_found");
    }

    @Test
    void indicators_say_no_data_where_a_feature_is_missing_never_zero() throws Exception {
        JsonArray list = as("root", "/api/reports/indicators").bodyAsJsonObject().getJsonArray("indicators");
        JsonObject satisfaction = find(list, "customerSatisfaction");
        assertThat(satisfaction.getValue("value")).isNull();
        assertThat(satisfaction.getString("status")).as("built (issue 17): no survey answered yet").isEqualTo("no_calls");
        JsonObject qaPass = find(list, "qaPassRate");
        assertThat(qaPass.getValue("value")).isNull();
        assertThat(qaPass.getString("status")).isEqualTo("no_calls");
        JsonObject answer = find(list, "answerRate");
        assertThat(answer.getDouble("value")).isEqualTo(2.0 / 3, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(answer.getJsonObject("name").getString("zh-CN")).isEqualTo("接通率");
        assertThat(list).hasSizeGreaterThanOrEqualTo(18);
    }

    private static JsonObject find(JsonArray list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.getJsonObject(i).getString("id").equals(id)) {
                return list.getJsonObject(i);
            }
        }
        throw new AssertionError("no indicator " + id);
    }
}
