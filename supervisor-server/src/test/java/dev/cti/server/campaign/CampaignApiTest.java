package dev.cti.server.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.Localized;
import dev.cti.config.OutboundConfig;
import dev.cti.link.message.Originate;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Preview campaigns through the API (issue 18) on the real server with a scripted gateway: an admin imports a call
 * list; agents of the campaign's queue get one record each (never the same), dial it with one click (click-to-dial
 * with the campaign's number, audited dial plan and all), end it with an outcome (busy is retried later, an order
 * closes it), skip one with a reason; the day's figures per agent and campaign and the meters follow. Every refusal
 * (role, seat, assignment, calling hours, bad parameters) is checked.
 */
class CampaignApiTest extends ScriptedGatewayApiBase {
    private static final String CSV = "number,name,title,notes\n13800000001,王芳,女士,老客户\n13800000002,李雷,先生,\n"
            + "13900000000,赵六,,\n13800000003,韩梅梅,,\n13800000001,王芳,,\n";

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        OutboundConfig.Campaign open = new OutboundConfig.Campaign("spring-offer", Localized.of("春季优惠", "Spring"),
                Optional.of("sales"), Optional.empty(), "sales-outbound", List.of("order", "interested", "refused",
                "busy", "callback-booked"), new OutboundConfig.CallingHours(LocalTime.MIN, LocalTime.MAX,
                EnumSet.allOf(DayOfWeek.class)), Map.of("busy", new OutboundConfig.Retry(2, 30)),
                Set.of("13900000000"));
        OutboundConfig.Campaign closed = new OutboundConfig.Campaign("never", Localized.of("不开放", "Closed"),
                Optional.empty(), Optional.of("team-sales"), "sales-outbound", List.of("order"),
                new OutboundConfig.CallingHours(LocalTime.of(9, 0), LocalTime.of(20, 0), Set.of()), Map.of(), Set.of());
        return shipped.withOutbound(new OutboundConfig(shipped.outbound().script(), List.of(open, closed)));
    }

    private HttpResponse<String> importCsv(String token, String campaign, String csv) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/campaigns/" + campaign + "/import"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    private String error(HttpResponse<String> r, int status) {
        return ok(r, status).getString("error");
    }

    private JsonObject next(String token, String agent) throws Exception {
        return ok(post("/api/agents/" + agent + "/preview/next", token, "{\"campaign\":\"spring-offer\"}"), 200)
                .getJsonObject("record");
    }

    @Test
    void agentsWorkTheCallListThroughPreviewOneRecordEachWithRetriesSkipsAndFigures() throws Exception {
        String admin = login("admin", "demo-admin");
        JsonObject report = ok(importCsv(admin, "spring-offer", CSV), 200);
        assertThat(report.getJsonObject("counts")).isEqualTo(new JsonObject().put("imported", 3).put("duplicates", 1)
                .put("doNotCall", 1).put("rejected", 0));
        assertThat(report.getJsonArray("doNotCall")).isEqualTo(new JsonArray().add(new JsonObject().put("line", 4)
                .put("field", "number").put("why", "on the do-not-call list (139****0000)")));
        assertThat(report.getJsonArray("duplicates").getJsonObject(0).getInteger("line")).isEqualTo(6);
        assertThat(audit()).anySatisfy(a -> assertThat(a.detail().orElseThrow())
                .isEqualTo("campaign spring-offer: 3 imported, 1 duplicates, 1 do-not-call, 0 rejected"));

        String a1 = login("2001", "demo-2001");
        String a2 = login("2002", "demo-2002");
        ready(a1, "2001");
        JsonArray mine = ok(get("/api/campaigns", a1), 200).getJsonArray("campaigns");
        assertThat(mine).hasSize(2);
        assertThat(mine.getJsonObject(0).getBoolean("assigned")).isTrue();
        assertThat(mine.getJsonObject(0).getBoolean("withinCallingHours")).isTrue();
        assertThat(mine.getJsonObject(0).getJsonObject("records").getLong("PENDING")).isEqualTo(3);
        assertThat(ok(get("/api/campaigns", login("1001", "demo-1001")), 200).getJsonArray("campaigns"))
                .as("an agent sees only the campaigns it works").isEmpty();

        JsonObject first = next(a1, "2001");
        assertThat(first.getString("name")).isEqualTo("王芳");
        assertThat(first.getString("title")).isEqualTo("女士");
        assertThat(first.getString("notes")).isEqualTo("老客户");
        assertThat(first.getString("number")).isEqualTo("138****0001");
        assertThat(next(a1, "2001").getLong("id")).as("asking again: the same record").isEqualTo(first.getLong("id"));
        JsonObject second = next(a2, "2002");
        assertThat(second.getLong("id")).as("never handed to two agents").isNotEqualTo(first.getLong("id"));

        // one click: the server dials the record's number for the agent, with the campaign's script
        JsonObject dialled = ok(post("/api/agents/2001/preview/dial", a1, "{\"campaign\":\"spring-offer\",\"record\":"
                + first.getLong("id") + "}"), 202);
        Originate o = gateway.await(Originate.class);
        assertThat(o.number()).isEqualTo("13800000001");
        assertThat(o.agentId()).isEqualTo("2001");
        assertThat(dialled.getString("requestId")).isEqualTo(o.requestId());
        assertThat(next(a1, "2001").getString("requestId")).isEqualTo(o.requestId());

        // busy: retried in 30 minutes, so the agent's next record is another one
        JsonObject busy = ok(post("/api/agents/2001/preview/outcome", a1, "{\"campaign\":\"spring-offer\",\"record\":"
                + first.getLong("id") + ",\"outcome\":\"busy\"}"), 200).getJsonObject("record");
        assertThat(busy.getString("status")).isEqualTo("PENDING");
        assertThat(Instant.parse(busy.getString("nextAt"))).isAfter(Instant.now().plus(29, ChronoUnit.MINUTES));
        JsonObject third = next(a1, "2001");
        assertThat(third.getString("name")).isEqualTo("韩梅梅");
        ok(post("/api/agents/2001/preview/skip", a1, "{\"campaign\":\"spring-offer\",\"record\":" + third.getLong("id")
                + ",\"reason\":\"客户已在其他渠道办理\"}"), 200);
        assertThat(ok(post("/api/agents/2001/preview/next", a1, "{\"campaign\":\"spring-offer\"}"), 200)
                .getValue("record")).as("nothing due now").isNull();

        // the second agent closes its record with an order (after dialling it) and books nothing else
        ok(post("/api/agents/2002/state", a2, "{\"state\":\"LOGGED_IN\"}"), 200);
        ok(post("/api/agents/2002/preview/dial", a2, "{\"campaign\":\"spring-offer\",\"record\":" + second.getLong("id")
                + "}"), 202);
        JsonObject order = ok(post("/api/agents/2002/preview/outcome", a2, "{\"campaign\":\"spring-offer\",\"record\":"
                + second.getLong("id") + ",\"outcome\":\"order\"}"), 200).getJsonObject("record");
        assertThat(order.getString("status")).isEqualTo("DONE");
        assertThat(order.getString("lastOutcome")).isEqualTo("order");

        JsonObject figures = ok(get("/api/campaigns/figures", login("supervisor", "demo-supervisor")), 200);
        assertThat(figures.getJsonArray("agents")).containsExactly(
                new JsonObject().put("campaign", "spring-offer").put("agentId", "2001").put("dials", 1)
                        .put("outcomes", 1).put("successes", 0).put("skips", 1).put("conversionRate", 0.0),
                new JsonObject().put("campaign", "spring-offer").put("agentId", "2002").put("dials", 1)
                        .put("outcomes", 1).put("successes", 1).put("skips", 0).put("conversionRate", 1.0));
        assertThat(figures.getJsonArray("campaigns").getJsonObject(0)).isEqualTo(new JsonObject()
                .put("campaign", "spring-offer").put("agentId", null).put("dials", 2).put("outcomes", 2)
                .put("successes", 1).put("skips", 1).put("conversionRate", 0.5));
        // an agent sees its own row only
        assertThat(ok(get("/api/campaigns/figures", a1), 200).getJsonArray("agents")).hasSize(1);

        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("cti_campaign_dials_total{campaign=\"spring-offer\"} 2.0",
                "cti_campaign_dials_today{campaign=\"spring-offer\"} 2.0",
                "cti_campaign_successes_today{campaign=\"spring-offer\"} 1.0",
                "cti_campaign_conversion_rate_ratio{campaign=\"spring-offer\"} 0.5",
                "cti_campaign_outcomes_total{campaign=\"spring-offer\",outcome=\"order\"} 1.0",
                "cti_campaign_import_rows_total{campaign=\"spring-offer\",result=\"do_not_call\"} 1.0")
                .doesNotContain("13800000001");
    }

    @Test
    void everyRefusalHasItsStatusAndCode() throws Exception {
        String admin = login("admin", "demo-admin");
        String agent = login("2001", "demo-2001");
        String supervisor = login("supervisor", "demo-supervisor");
        ok(importCsv(admin, "spring-offer", CSV), 200);
        // imports: admins only, a known campaign, a CSV; a bad file is reported, nothing lost
        assertThat(error(importCsv(agent, "spring-offer", CSV), 403)).isEqualTo("forbidden");
        assertThat(error(importCsv(supervisor, "spring-offer", CSV), 403)).isEqualTo("forbidden");
        assertThat(error(importCsv(admin, "nope", CSV), 404)).isEqualTo("unknown_campaign");
        JsonObject bad = ok(importCsv(admin, "spring-offer", "phone,name\n1,2\n"), 200);
        assertThat(bad.getJsonArray("rejected")).isEqualTo(new JsonArray().add(new JsonObject().put("line", 1)
                .put("field", "header").put("why", "expected number,name,title,notes, found phone,name")));
        assertThat(ok(get("/api/campaigns", admin), 200).getJsonArray("campaigns").getJsonObject(0)
                .getJsonObject("records").getLong("PENDING")).isEqualTo(3);

        String next = "/api/agents/2001/preview/next";
        assertThat(error(post(next, agent, "{}"), 400)).isEqualTo("missing_field");
        assertThat(error(post(next, agent, "{\"campaign\":7}"), 400)).isEqualTo("missing_field");
        assertThat(error(post(next, agent, "not json"), 400)).isEqualTo("bad_json");
        assertThat(error(post(next, agent, "{\"campaign\":\"nope\"}"), 404)).isEqualTo("unknown_campaign");
        assertThat(error(post(next, agent, "{\"campaign\":\"never\"}"), 409)).isEqualTo("outside_calling_hours");
        assertThat(error(post("/api/agents/nobody/preview/next", agent, "{\"campaign\":\"spring-offer\"}"), 404))
                .isEqualTo("unknown_agent");
        // another agent's seat: refused; a service agent is not assigned to the sales campaign
        assertThat(error(post("/api/agents/2002/preview/next", agent, "{\"campaign\":\"spring-offer\"}"), 403))
                .isEqualTo("forbidden");
        assertThat(error(post("/api/agents/1001/preview/next", login("1001", "demo-1001"),
                "{\"campaign\":\"spring-offer\"}"), 409)).isEqualTo("not_assigned");
        // a supervisor works only its own seat (not assigned here); on an agent's seat it is refused and audited
        assertThat(error(post("/api/agents/9001/preview/next", supervisor, "{\"campaign\":\"spring-offer\"}"), 409))
                .isEqualTo("not_assigned");
        assertThat(error(post("/api/agents/2001/preview/next", supervisor, "{\"campaign\":\"spring-offer\"}"), 403))
                .isEqualTo("forbidden");
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.actor()).isEqualTo("supervisor");
            assertThat(a.action()).isEqualTo("campaign-preview");
            assertThat(a.detail().orElseThrow()).startsWith("denied:");
        });
        // an admin may work an agent's seat: audited
        long held = ok(post(next, admin, "{\"campaign\":\"spring-offer\"}"), 200).getJsonObject("record").getLong("id");
        assertThat(audit()).anySatisfy(a -> assertThat(a.detail().orElseThrow()).isEqualTo("next in spring-offer"));

        String dial = "/api/agents/2001/preview/dial";
        for (String record : List.of("", ",\"record\":\"1\"", ",\"record\":-1", ",\"record\":1.5", ",\"record\":0")) {
            assertThat(error(post(dial, agent, "{\"campaign\":\"spring-offer\"" + record + "}"), 400))
                    .as(record).isEqualTo("bad_parameter");
        }
        assertThat(error(post(dial, agent, "{\"campaign\":\"spring-offer\",\"record\":999999}"), 409))
                .isEqualTo("not_held");
        String skip = "/api/agents/2001/preview/skip";
        assertThat(error(post(skip, agent, "{\"campaign\":\"spring-offer\",\"record\":" + held + "}"), 400))
                .isEqualTo("bad_parameter");
        assertThat(error(post(skip, agent, "{\"campaign\":\"spring-offer\",\"record\":" + held + ",\"reason\":\"  \"}"),
                400)).isEqualTo("bad_parameter");
        assertThat(error(post(skip, agent, "{\"campaign\":\"spring-offer\",\"record\":" + held + ",\"reason\":\""
                + "x".repeat(201) + "\"}"), 400)).isEqualTo("bad_parameter");
        String outcome = "/api/agents/2001/preview/outcome";
        String rec = "{\"campaign\":\"spring-offer\",\"record\":" + held;
        assertThat(error(post(outcome, agent, rec + "}"), 400)).isEqualTo("missing_field");
        assertThat(error(post(outcome, agent, rec + ",\"outcome\":\"resolved\"}"), 400)).isEqualTo("unknown_outcome");
        assertThat(error(post(outcome, agent, rec + ",\"outcome\":\"callback-booked\"}"), 400))
                .isEqualTo("bad_parameter");
        assertThat(error(post(outcome, agent, rec + ",\"outcome\":\"callback-booked\",\"callbackAt\":\"tomorrow\"}"),
                400)).isEqualTo("bad_parameter");
        assertThat(error(post(outcome, agent, rec + ",\"outcome\":\"callback-booked\",\"callbackAt\":\""
                + Instant.now().minusSeconds(60) + "\"}"), 400)).isEqualTo("bad_parameter");
        assertThat(error(post(outcome, agent, rec + ",\"outcome\":\"order\",\"callbackAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}"), 400)).isEqualTo("bad_parameter");
        // a callback booked: stored with its date-time (the scheduled callbacks take it from there)
        Instant at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonObject booked = ok(post(outcome, agent, rec + ",\"outcome\":\"callback-booked\",\"callbackAt\":\"" + at
                + "\"}"), 200).getJsonObject("record");
        assertThat(booked.getString("callbackAt")).isEqualTo(at.toString());
        assertThat(booked.getString("status")).isEqualTo("DONE");
        assertThat(error(post(outcome, agent, rec + ",\"outcome\":\"order\"}"), 409)).as("no longer held")
                .isEqualTo("not_held");

        // figures: a day that is a date; QA sees its teams', admins all
        assertThat(error(get("/api/campaigns/figures?day=yesterday", admin), 400)).isEqualTo("bad_parameter");
        assertThat(ok(get("/api/campaigns/figures?day=2026-01-01", admin), 200).getJsonArray("agents")).isEmpty();
    }
}
