package dev.cti.server.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.Originate;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Held records released (issue 18), on the shipped campaign (Mon-Sat 09:00-20:00 Asia/Shanghai, outbound.holdMinutes
 * 30) with the server's clock moved by hand: a record taken and not dialled goes back to the list after 30 minutes
 * (not before, and not once dialled), and at once when its agent logs out; the first agent then no longer holds it.
 */
class CampaignReleaseApiTest extends ScriptedGatewayApiBase {
    /** Monday 2026-12-07 11:00 in Shanghai: within the campaign's calling hours. */
    private final HandClock clock = new HandClock(Instant.parse("2026-12-07T03:00:00Z"));

    @Override
    protected Clock clock() {
        return clock;
    }

    private JsonObject ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    private JsonObject next(String token, String agent) throws Exception {
        return ok(post("/api/agents/" + agent + "/preview/next", token, "{\"campaign\":\"spring-offer\"}"), 200)
                .getJsonObject("record");
    }

    private String releases(String reason) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body().lines()
                .filter(l -> l.startsWith("cti_campaign_releases_total{reason=\"" + reason + "\"}")).findFirst()
                .orElse("none");
    }

    @Test
    void aRecordHeldTooLongOrByAnAgentWhoLoggedOutGoesBackToTheList() throws Exception {
        String admin = login("admin", "demo-admin");
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/campaigns/spring-offer/import")).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString("number,name,title,notes\n13800000001,王芳,女士,\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok(imported, 200).getJsonObject("counts").getInteger("imported")).isEqualTo(1);
        String a1 = login("2001", "demo-2001");
        String a2 = login("2002", "demo-2002");
        ready(a1, "2001");
        ready(a2, "2002");

        long id = next(a1, "2001").getLong("id");
        assertThat(next(a2, "2002")).as("the only record is 2001's").isNull();
        clock.advance(Duration.ofMinutes(29));
        assertThat(next(a2, "2002")).as("29 minutes: still 2001's").isNull();
        clock.advance(Duration.ofMinutes(2));
        assertThat(next(a2, "2002").getLong("id")).as("31 minutes, not dialled: back in the list").isEqualTo(id);
        assertThat(ok(post("/api/agents/2001/preview/dial", a1, "{\"campaign\":\"spring-offer\",\"record\":" + id
                + "}"), 409).getString("error")).isEqualTo("not_held");
        assertThat(releases("timeout")).endsWith(" 1.0");

        // 2002 logs out holding it: back in the list at once
        assertThat(post("/api/agents/2002/state", a2, "{\"state\":\"LOGGED_OUT\"}").statusCode()).isEqualTo(200);
        JsonObject again = null;
        for (int i = 0; i < 50 && again == null; i++) {
            again = next(a1, "2001");
            if (again == null) {
                Thread.sleep(100);
            }
        }
        assertThat(again).as("released by the logout").isNotNull();
        assertThat(again.getLong("id")).isEqualTo(id);
        assertThat(releases("logout")).endsWith(" 1.0");

        // dialled: the agent keeps it through the call, however long
        ok(post("/api/agents/2001/preview/dial", a1, "{\"campaign\":\"spring-offer\",\"record\":" + id + "}"), 202);
        assertThat(gateway.await(Originate.class).number()).isEqualTo("13800000001");
        clock.advance(Duration.ofMinutes(45));
        String b = login("2003", "demo-2003");
        assertThat(next(b, "2003")).as("dialled 45 minutes ago: still 2001's").isNull();
        assertThat(next(a1, "2001").getLong("id")).isEqualTo(id);
    }
}
