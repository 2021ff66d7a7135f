package dev.cti.server.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Deleting a campaign created in the browser (issue 18, DELETE /api/campaigns/{id}) on the real server and store:
 * refused while an agent holds one of its records, then done softly (gone from the list and the agents' work, its id
 * not reused, the day's figures keep what was done); the configuration's campaign cannot be deleted; admins only;
 * audited.
 */
class CampaignDeleteApiTest extends ScriptedGatewayApiBase {
    private static final String WINTER = "{\"id\":\"winter\",\"name\":{\"zh-CN\":\"冬季回访\",\"en\":\"Winter\"},"
            + "\"team\":\"team-sales\",\"script\":\"sales-outbound\",\"outcomes\":[\"order\",\"busy\"],"
            + "\"callingHours\":{\"start\":\"00:00\",\"end\":\"23:59\",\"days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\","
            + "\"sat\",\"sun\"]}}";

    private JsonObject ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    private String error(HttpResponse<String> r, int status) {
        return ok(r, status).getString("error");
    }

    private HttpResponse<String> delete(String id, String token) throws Exception {
        return send("/api/campaigns/" + id, token, "DELETE", null);
    }

    @Test
    void aBrowserCampaignIsDeletedOnceNoRecordIsHeldAndKeepsItsHistory() throws Exception {
        String admin = login("admin", "demo-admin");
        ok(post("/api/campaigns", admin, WINTER), 201);
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/campaigns/winter/import")).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString("number,name,title,notes\n13800000001,王芳,,\n"
                        + "13800000002,李雷,,\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        String agent = login("2001", "demo-2001");
        ready(agent, "2001");
        long held = ok(post("/api/agents/2001/preview/next", agent, "{\"campaign\":\"winter\"}"), 200)
                .getJsonObject("record").getLong("id");

        // who may not, and what may not be deleted
        assertThat(error(delete("winter", agent), 403)).isEqualTo("forbidden");
        assertThat(error(delete("winter", login("supervisor", "demo-supervisor")), 403)).isEqualTo("forbidden");
        HttpResponse<String> configured = delete("spring-offer", admin);
        assertThat(error(configured, 409)).isEqualTo("read_only");
        assertThat(new JsonObject(configured.body()).getString("message")).contains("conf/campaigns.yaml");
        assertThat(error(delete("nope", admin), 404)).isEqualTo("unknown_campaign");
        HttpResponse<String> busy = delete("winter", admin);
        assertThat(error(busy, 409)).as("an agent holds a record").isEqualTo("records_in_progress");
        assertThat(new JsonObject(busy.body()).getString("message")).contains("winter");

        ok(post("/api/agents/2001/preview/skip", agent, "{\"campaign\":\"winter\",\"record\":" + held
                + ",\"reason\":\"moved away\"}"), 200);
        assertThat(ok(delete("winter", admin), 200)).isEqualTo(new JsonObject().put("campaign", "winter")
                .put("deleted", true));
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("delete-campaign");
            assertThat(a.actor()).isEqualTo("admin");
            assertThat(a.detail()).contains("campaign winter");
        });

        assertThat(ok(get("/api/campaigns", admin), 200).getJsonArray("campaigns").stream()
                .map(c -> ((JsonObject) c).getString("id"))).containsExactly("spring-offer");
        assertThat(error(get("/api/campaigns/winter/definition", admin), 404)).isEqualTo("unknown_campaign");
        assertThat(error(post("/api/agents/2001/preview/next", agent, "{\"campaign\":\"winter\"}"), 404))
                .isEqualTo("unknown_campaign");
        assertThat(error(delete("winter", admin), 404)).as("deleted already").isEqualTo("unknown_campaign");
        HttpResponse<String> again = post("/api/campaigns", admin, WINTER);
        assertThat(error(again, 409)).as("a deleted campaign's id is not reused").isEqualTo("campaign_exists");
        assertThat(new JsonObject(again.body()).getString("message")).contains("deleted");
        // what was done stays: the agent's skip is in the day's figures
        assertThat(ok(get("/api/campaigns/figures", admin), 200).getJsonArray("agents").stream()
                .map(JsonObject.class::cast).filter(f -> "winter".equals(f.getString("campaign")))
                .map(f -> f.getLong("skips"))).containsExactly(1L);
    }
}
