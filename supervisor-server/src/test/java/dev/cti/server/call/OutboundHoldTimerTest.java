package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.ComplianceConfig;
import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compliance hold timer runs for click-to-dial calls as for queue calls: a hold of an answered outbound call
 * past each threshold is pushed (to the agent and the supervisors) with the gateway's call id, and a resume cancels
 * the thresholds not yet crossed. Thresholds are 1 and 3 s here so the test does not wait a minute.
 */
class OutboundHoldTimerTest extends ScriptedGatewayApiBase {
    private static final String CALL = "gw-out-hold";

    @Override
    protected CtiConfig configure(CtiConfig c) {
        ComplianceConfig k = c.compliance();
        return new CtiConfig(c.site(), c.network(), c.storage(),
                new ComplianceConfig(k.ringTargetRings(), k.ringCadenceSeconds(), List.of(1, 3),
                        k.waitReassuranceSeconds()),
                c.monitoring(), c.trunks(), c.skills(), c.queues(), c.teams(), c.agents(), c.users(),
                c.notReadyReasons(), c.wrapUpCodes(), c.scripts(), c.holidays());
    }

    @Test
    void aHeldOutboundCallCrossesItsThresholdsUntilResumed() throws Exception {
        long now = System.currentTimeMillis();
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        Events supervisor = events(login("supervisor", "demo-supervisor"));
        Events agentEvents = events(agent);
        HttpResponse<String> r = post("/api/agents/1001/dial", agent, "{\"number\":\"13812345678\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String requestId = new JsonObject(r.body()).getString("requestId");
        assertThat(gateway.await(Originate.class).requestId()).isEqualTo(requestId);
        gateway.send(new OriginateProgress(requestId, CALL, OriginateState.AGENT_RINGING, now));
        gateway.send(new OriginateProgress(requestId, CALL, OriginateState.CONNECTED, now + 2_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);

        gateway.send(new CallHeld(CALL, "1001", System.currentTimeMillis()));
        JsonObject first = supervisor.next(e -> "hold-threshold".equals(e.getString("type")), Duration.ofSeconds(5));
        assertThat(first.getString("callId")).isEqualTo(CALL);
        assertThat(first.getString("agentId")).isEqualTo("1001");
        assertThat(first.getInteger("thresholdSeconds")).isEqualTo(1);
        assertThat(first.getInteger("level")).isEqualTo(1);
        assertThat(agentEvents.next(e -> "hold-threshold".equals(e.getString("type")), Duration.ofSeconds(5))
                .getInteger("level")).as("the agent's desktop is told too").isEqualTo(1);

        gateway.send(new CallResumed(CALL, "1001", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.agents().snapshot("1001").orElseThrow().held()
                == false);
        // the 3 s threshold would fall inside this wait had the resume not cancelled it
        Thread.sleep(3_000);
        assertThat(supervisor.drained("hold-threshold")).as("no crossing after the resume").isEmpty();

        gateway.send(new CallCleared(CALL, ClearCause.CALLER_HANGUP, 0, 6_000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
    }
}
