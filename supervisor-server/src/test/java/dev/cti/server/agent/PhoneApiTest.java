package dev.cti.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.UnregisterReason;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * GET /api/agents/{id}/phone (issue 19), as ServerMain runs it with a scripted gateway: what the desk page's browser
 * phone registers with (the shipped demo turns network.sip.ws on: ws://127.0.0.1:5066 for a page over plain HTTP),
 * whether the gateway has the phone registered, and only for one's own seat.
 */
class PhoneApiTest extends ScriptedGatewayApiBase {

    @Test
    void anAgentGetsItsOwnPhoneAndSeesItRegistered() throws Exception {
        String agent = login("1001", "demo-1001");
        HttpResponse<String> r = get("/api/agents/1001/phone", agent);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        JsonObject phone = new JsonObject(r.body());
        assertThat(phone.getString("extension")).isEqualTo("1001");
        assertThat(phone.getString("sipPassword")).isEqualTo("demo-sip-1001");
        assertThat(phone.getString("domain")).isEqualTo("cti.local");
        assertThat(phone.getString("wsUrl")).isEqualTo("ws://127.0.0.1:5066");
        assertThat(phone.getBoolean("phoneRegistered")).isFalse();

        gateway.send(new PhoneRegistered("1001", "sip:k3j8a@127.0.0.1:40112;transport=ws", 300,
                System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                new JsonObject(get("/api/agents/1001/phone", agent).body()).getBoolean("phoneRegistered"));
        gateway.send(new PhoneUnregistered("1001", UnregisterReason.REMOVED, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                !new JsonObject(get("/api/agents/1001/phone", agent).body()).getBoolean("phoneRegistered"));
    }

    @Test
    void nobodyGetsAnotherSeatsPhoneNotEvenAnAdmin() throws Exception {
        String other = login("1002", "demo-1002");
        HttpResponse<String> r = get("/api/agents/1001/phone", other);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("demo-sip-1001");
        assertThat(get("/api/agents/1001/phone", login("supervisor", "demo-supervisor")).statusCode()).isEqualTo(403);
        assertThat(get("/api/agents/1001/phone", login("admin", "demo-admin")).statusCode()).isEqualTo(403);
        assertThat(get("/api/agents/nobody/phone", other).statusCode()).isEqualTo(404);
        assertThat(get("/api/agents/1001/phone", "not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void aSupervisorGetsTheirOwnSeatsPhone() throws Exception {
        HttpResponse<String> r = get("/api/agents/9001/phone", login("supervisor", "demo-supervisor"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("extension")).isEqualTo("9001");
    }
}
