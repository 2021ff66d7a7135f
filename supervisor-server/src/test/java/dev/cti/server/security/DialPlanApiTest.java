package dev.cti.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.DialingConfig;
import dev.cti.config.UserConfig;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.Originate;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Transfer;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dial plan and the dialling roles on the server (issue 13), with the real server on the shipped configuration
 * (a scripted gateway on the link): a click-to-dial or a transfer to an international or premium number is refused
 * with a clear 403, audited, counted and never commanded; an allowed number still is; a refusal the gateway reports
 * for a phone's REFER is audited too.
 */
class DialPlanApiTest extends ScriptedGatewayApiBase {
    private static final String INTERNATIONAL = "0044207946000";
    private static final String PREMIUM = "16812345";
    private static final String MOBILE = "13912345678";
    /** Set by a test before the server starts again (the roles are read at start). */
    private DialingConfig dialing = DialingConfig.DEFAULTS;

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        return shipped.withDialing(dialing);
    }

    @BeforeEach
    void agentPhoneRegistered() throws Exception {
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
    }

    @Test
    void clickToDialAnInternationalNumberIsRefusedWith403AndAnAuditRowAndAnAllowedOneStillGoesOut() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        HttpResponse<String> refused = post("/api/agents/1001/dial", agent, "{\"number\":\"" + INTERNATIONAL + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        JsonObject error = new JsonObject(refused.body());
        assertThat(error.getString("error")).isEqualTo("number_not_allowed");
        assertThat(error.getString("message")).contains("international");
        assertThat(state("1001")).as("the agent did not start dialling").isEqualTo(AgentState.READY);
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.actor()).isEqualTo("1001");
            assertThat(a.action()).isEqualTo("dial");
            assertThat(a.target()).contains("1001");
            assertThat(a.detail().orElseThrow()).startsWith("refused: denied").contains("004******6000")
                    .doesNotContain(INTERNATIONAL);
        });
        assertThat(refusals("dial", "denied")).isEqualTo(1);

        HttpResponse<String> ok = post("/api/agents/1001/dial", agent, "{\"number\":\"" + MOBILE + "\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(gateway.await(Originate.class).number()).as("the first command to the gateway is the allowed dial")
                .isEqualTo(MOBILE);
    }

    @Test
    void transferToAPremiumNumberIsRefusedAndAuditedAndNeverCommanded() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("c1", "1001", 4000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);

        HttpResponse<String> refused = post("/api/calls/c1/transfer", agent,
                "{\"kind\":\"number\",\"target\":\"" + PREMIUM + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("number_not_allowed");
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("transfer");
            assertThat(a.callId()).contains("c1");
            assertThat(a.detail().orElseThrow()).startsWith("refused: denied");
        });
        HttpResponse<String> ok = post("/api/calls/c1/transfer", agent, "{\"kind\":\"number\",\"target\":\"" + MOBILE
                + "\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(gateway.await(Transfer.class).target()).as("only the allowed transfer reached the gateway")
                .isEqualTo(MOBILE);
        assertThat(gateway.commands()).filteredOn(c -> c instanceof Transfer).hasSize(1);
        assertThat(refusals("transfer", "denied")).isEqualTo(1);
    }

    @Test
    void aRoleThatMayNotDialOutGets403DialNotAllowedWhileAnotherRoleDials() throws Exception {
        stopServerAndGateway();
        dialing = new DialingConfig(Set.of(UserConfig.Role.SUPERVISOR, UserConfig.Role.ADMIN),
                Set.of(UserConfig.Role.values()));
        startServerAndGateway();
        agentPhoneRegistered();
        gateway.send(new PhoneRegistered("9001", "sip:9001@127.0.0.1:5098", 3600, System.currentTimeMillis()));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        HttpResponse<String> refused = post("/api/agents/1001/dial", agent, "{\"number\":\"" + MOBILE + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("dial_not_allowed");
        assertThat(audit()).anySatisfy(a -> assertThat(a.detail().orElseThrow()).startsWith("refused: role_not_allowed"));

        String supervisor = login("supervisor", "demo-supervisor");
        ready(supervisor, "9001");
        HttpResponse<String> ok = post("/api/agents/9001/dial", supervisor, "{\"number\":\"" + MOBILE + "\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(gateway.await(Originate.class).extension()).isEqualTo("9001");
    }

    @Test
    void aReferTheGatewayRefusedIsAuditedUnderTheSeatsUserAndCounted() throws Exception {
        gateway.send(new DialRefused("c-9", "1001", "1001", DialSource.REFER, PREMIUM, DialRefusal.DENIED,
                System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> audit().stream().anyMatch(a -> a.action().equals("refer")));
        AuditEntry row = audit().stream().filter(a -> a.action().equals("refer")).findFirst().orElseThrow();
        assertThat(row.actor()).isEqualTo("1001");
        assertThat(row.callId()).contains("c-9");
        assertThat(row.detail().orElseThrow()).isEqualTo("refused by the gateway: denied (number ******45)"); // the one masking rule: 8 digits keep the last 2
        assertThat(refusals("refer", "denied")).isEqualTo(1);
    }

    private double refusals(String action, String reason) {
        List<Counter> counters = server.meters().find("cti.dials.refused").tag("action", action).tag("reason", reason)
                .counters().stream().toList();
        return counters.stream().mapToDouble(Counter::count).sum();
    }

}
