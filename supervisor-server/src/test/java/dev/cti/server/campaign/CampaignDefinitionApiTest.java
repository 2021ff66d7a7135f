package dev.cti.server.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import org.junit.jupiter.api.Test;

/**
 * Admins create and edit campaigns through the API (issue 18) on the real server and store, shipped configuration:
 * a definition is checked with the configuration's rules (a bad one: 400 naming the field, counted), stored (a restart
 * keeps it), listed beside the configuration's read-only campaign, and worked like it (import, preview); only admins.
 */
class CampaignDefinitionApiTest extends ScriptedGatewayApiBase {
    private static final String WINTER = "{\"id\":\"winter\",\"name\":{\"zh-CN\":\"冬季回访\",\"en\":\"Winter follow-up\"},"
            + "\"team\":\"team-sales\",\"script\":\"sales-outbound\",\"outcomes\":[\"order\",\"busy\",\"refused\"],"
            + "\"callingHours\":{\"start\":\"00:00\",\"end\":\"23:59\",\"days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\","
            + "\"sat\",\"sun\"]},\"retries\":{\"busy\":{\"count\":2,\"spacingMinutes\":45}},\"doNotCall\":[\"13900000009\"]}";

    private JsonObject ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    private double badRequests() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("cti_http_bad_requests_total")).mapToDouble(l ->
                Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void anAdminCreatesAndEditsACampaignThatAgentsThenWork() throws Exception {
        String admin = login("admin", "demo-admin");
        JsonObject choices = ok(get("/api/campaigns/choices", admin), 200);
        assertThat(choices.getJsonArray("teams").stream().map(t -> ((JsonObject) t).getString("id")))
                .contains("team-sales");
        assertThat(choices.getJsonArray("scripts").stream().map(x -> (JsonObject) x)
                .filter(x -> x.getString("id").equals("sales-outbound")).findFirst().orElseThrow()
                .getJsonArray("steps").stream().map(x -> ((JsonObject) x).getString("id"))).containsExactly("greeting",
                "self-introduction", "purpose", "introduction", "objections", "close", "appointment", "thanks");
        assertThat(choices.getJsonArray("outcomes").stream().map(x -> ((JsonObject) x).getString("code")))
                .contains("order", "busy", "callback-booked");
        JsonObject created = ok(post("/api/campaigns", admin, WINTER), 201).getJsonObject("campaign");
        assertThat(created.getString("id")).isEqualTo("winter");
        assertThat(created.getString("source")).isEqualTo("browser");
        assertThat(created.getString("team")).isEqualTo("team-sales");
        assertThat(created.getJsonArray("outcomes").getJsonObject(1)).isEqualTo(new JsonObject().put("code", "busy")
                .put("label", created.getJsonArray("outcomes").getJsonObject(1).getValue("label"))
                .put("category", created.getJsonArray("outcomes").getJsonObject(1).getString("category"))
                .put("retry", new JsonObject().put("count", 2).put("spacingMinutes", 45)));
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("create-campaign");
            assertThat(a.detail()).contains("campaign winter");
        });

        JsonArray all = ok(get("/api/campaigns", admin), 200).getJsonArray("campaigns");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("id") + " " + ((JsonObject) o).getString("source")))
                .containsExactly("spring-offer configuration", "winter browser");

        // edit: the whole definition again, the hours changed; the form reads it back
        ok(send("/api/campaigns/winter", admin, "PUT", WINTER.replace("\"23:59\"", "\"22:00\"")), 200);
        JsonObject def = ok(get("/api/campaigns/winter/definition", admin), 200).getJsonObject("definition");
        assertThat(def.getJsonObject("callingHours").getString("end")).isEqualTo("22:00");
        assertThat(def.getJsonArray("doNotCall")).containsExactly("13900000009");
        assertThat(new JsonObject(WINTER.replace("\"23:59\"", "\"22:00\""))).isEqualTo(def);
        JsonObject spring = ok(get("/api/campaigns/spring-offer/definition", admin), 200);
        assertThat(spring.getString("source")).isEqualTo("configuration");
        assertThat(ok(send("/api/campaigns/spring-offer", admin, "PUT", spring.getJsonObject("definition").encode()),
                409).getString("error")).isEqualTo("read_only");

        // the stored campaign is worked like a configured one: 2001 is of team-sales
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base + "/api/campaigns/winter/import"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("number,name,title,notes\n13800000011,王芳,,\n"
                        + "13900000009,赵六,,\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok(imported, 200).getJsonObject("counts").getInteger("doNotCall")).isEqualTo(1);
        String agent = login("2001", "demo-2001");
        ready(agent, "2001");
        JsonObject record = ok(post("/api/agents/2001/preview/next", agent, "{\"campaign\":\"winter\"}"), 200)
                .getJsonObject("record");
        assertThat(record.getString("name")).isEqualTo("王芳");

        // a restart keeps it
        stopServerAndGateway();
        startServerAndGateway();
        String again = login("admin", "demo-admin");
        assertThat(ok(get("/api/campaigns/winter/definition", again), 200).getJsonObject("definition")
                .getJsonObject("callingHours").getString("end")).isEqualTo("22:00");
    }

    @Test
    void aBadDefinitionIsRefusedNamingTheFieldAndCounted() throws Exception {
        String admin = login("admin", "demo-admin");
        double before = badRequests();
        JsonObject bad = ok(post("/api/campaigns", admin, WINTER.replace("\"count\":2", "\"count\":0")), 400);
        assertThat(bad.getString("error")).isEqualTo("invalid_campaign");
        assertThat(bad.getString("field")).isEqualTo("retries.busy.count");
        assertThat(bad.getString("message")).isEqualTo("retries.busy.count: must be a whole number from 1 to 20, got 0");
        JsonObject refs = ok(post("/api/campaigns", admin, WINTER.replace("\"team\":\"team-sales\"", "\"queue\":\"nope\"")
                .replace("\"refused\"]", "\"refused\",\"lunch\"]").replace("\"22:00\"", "x")
                .replace("\"23:59\"", "\"00:00\"")), 400);
        assertThat(refs.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .containsExactlyInAnyOrder("queue", "outcomes[3]", "callingHours.end");
        assertThat(refs.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("message")))
                .anySatisfy(m -> assertThat(m).startsWith("unknown queue 'nope'"));
        assertThat(ok(post("/api/campaigns", admin, WINTER.replace("\"script\"", "\"colour\":\"red\",\"script\"")), 400)
                .getString("field")).isEqualTo("colour");
        assertThat(ok(post("/api/campaigns", admin, "[1,2"), 400).getString("error")).isEqualTo("bad_json");
        assertThat(badRequests()).isEqualTo(before + 4);

        // ids are taken by the configuration's campaign and by a stored one; the id does not change on edit
        assertThat(ok(post("/api/campaigns", admin, WINTER.replace("\"winter\"", "\"spring-offer\"")), 409)
                .getString("error")).isEqualTo("campaign_exists");
        ok(post("/api/campaigns", admin, WINTER), 201);
        assertThat(ok(post("/api/campaigns", admin, WINTER), 409).getString("error")).isEqualTo("campaign_exists");
        assertThat(ok(send("/api/campaigns/winter", admin, "PUT", WINTER.replace("\"winter\"", "\"summer\"")), 400)
                .getString("field")).isEqualTo("id");
        assertThat(ok(send("/api/campaigns/nope", admin, "PUT", WINTER.replace("\"winter\"", "\"nope\"")), 404)
                .getString("error")).isEqualTo("unknown_campaign");
    }

    @Test
    void onlyAdminsDefineCampaigns() throws Exception {
        for (String[] user : new String[][] {{"supervisor", "demo-supervisor"}, {"2001", "demo-2001"}}) {
            String token = login(user[0], user[1]);
            assertThat(ok(post("/api/campaigns", token, WINTER), 403).getString("error")).isEqualTo("forbidden");
            assertThat(ok(send("/api/campaigns/spring-offer", token, "PUT", WINTER), 403).getString("error"))
                    .isEqualTo("forbidden");
            assertThat(ok(get("/api/campaigns/spring-offer/definition", token), 403).getString("error"))
                    .isEqualTo("forbidden");
            assertThat(ok(get("/api/campaigns/choices", token), 403).getString("error")).isEqualTo("forbidden");
        }
        assertThat(ok(get("/api/campaigns", login("admin", "demo-admin")), 200).getJsonArray("campaigns"))
                .hasSize(1);
    }
}
