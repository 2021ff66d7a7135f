package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's seat (9001, no skills) is never offered queue calls, even by a queue that requires no
 * skill at all (the shipped queues all require one; here "service" is changed to require none), and is not
 * counted among the queue's agents.
 */
class SkilllessSeatTest extends ScriptedGatewayApiBase {
    @Override
    protected CtiConfig configure(CtiConfig c) {
        var queues = c.queues().stream().map(q -> !q.id().equals("service") ? q : new QueueConfig(q.id(), q.name(),
                q.numbers(), q.language(), q.serviceLevel(), q.strategy(), q.priority(), Map.of(),
                q.ringTimeoutSeconds(), q.wrapUpSeconds(), q.wrapUpCodeRequired(), q.maxWaitSeconds(), q.overflow(),
                q.prompts(), q.script())).toList();
        return new CtiConfig(c.site(), c.network(), c.storage(), c.compliance(), c.monitoring(), c.trunks(), c.skills(),
                queues, c.teams(), c.agents(), c.users(), c.notReadyReasons(), c.wrapUpCodes(), c.scripts(), c.holidays());
    }

    @Test
    void aReadySeatWithoutSkillsWaitsWhileTheCallWaitsForARealAgent() throws Exception {
        long now = System.currentTimeMillis();
        gateway.send(new PhoneRegistered("9001", "sip:9001@127.0.0.1:5099", 3600, now));
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5098", 3600, now));
        String supervisor = login("supervisor", "demo-supervisor");
        ready(supervisor, "9001");
        await().atMost(Duration.ofSeconds(5)).until(() -> state("9001") == AgentState.READY);
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", now));
        await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(get("/api/queues", supervisor).body())
                .getJsonArray("queues").getJsonObject(0).getInteger("waiting") == 1);
        JsonObject service = new JsonObject(get("/api/queues", supervisor).body()).getJsonArray("queues").stream()
                .map(JsonObject.class::cast).filter(q -> q.getString("id").equals("service")).findFirst().orElseThrow();
        assertThat(service.getJsonObject("agents").getInteger("READY")).as("9001 is not staff of the queue").isNull();

        ready(login("1001", "demo-1001"), "1001");
        DeliverToAgent d = gateway.await(DeliverToAgent.class);
        assertThat(d.agentId()).isEqualTo("1001");
        assertThat(gateway.received(DeliverToAgent.class)).hasSize(1);
        assertThat(state("9001")).isEqualTo(AgentState.READY);
    }
}
