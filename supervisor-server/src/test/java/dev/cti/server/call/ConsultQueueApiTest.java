package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CancelConsult;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.CompleteConsult;
import dev.cti.link.message.Consult;
import dev.cti.link.message.ConsultProgress;
import dev.cti.link.message.ConsultState;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RejectReason;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /api/calls/{id}/consult {kind: queue} (issue 18) with a scripted gateway: the first Consult names the queue
 * alone; once the gateway reports QUEUED the consult waits in the ACD and the queue's agent who becomes free is sent
 * in a second Consult (DIALING, then ON_CALL); completing hands the call over, a picked agent not reached puts the
 * consult back in the queue, a cancel or the call's end takes it out (nobody is called afterwards).
 */
class ConsultQueueApiTest extends ScriptedGatewayApiBase {
    private String agent;
    private String colleague;

    @BeforeEach
    void callConnectedTo1001And1002NotReady() throws Exception {
        long now = System.currentTimeMillis();
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now));
        gateway.send(new PhoneRegistered("1002", "sip:1002@127.0.0.1:5098", 3600, now));
        agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", now));
        assertThat(gateway.await(DeliverToAgent.class).agentId()).isEqualTo("1001");
        gateway.send(new CallAnswered("c1", "1001", 2000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        colleague = login("1002", "demo-1002");
        assertThat(post("/api/agents/1002/state", colleague, "{\"state\":\"LOGGED_IN\"}").statusCode())
                .isEqualTo(200);
    }

    /** Consults the service queue and lets the gateway say it waits there. */
    private void waitingInService() throws Exception {
        HttpResponse<String> c = post("/api/calls/c1/consult", agent, "{\"kind\":\"queue\",\"target\":\"service\"}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(202);
        assertThat(new JsonObject(c.body()).getString("sent")).isEqualTo("consult");
        assertThat(gateway.await(Consult.class)).isEqualTo(Consult.queue("c1", "service"));
        gateway.send(new CallHeld("c1", "1001", System.currentTimeMillis()));
        gateway.send(progress(null, ConsultState.QUEUED));
    }

    private long consultsSent() {
        return gateway.commands().stream().filter(Consult.class::isInstance).count();
    }

    @Test
    void theQueuesAgentWhoBecomesFreeIsConsultedAndTakesTheCall() throws Exception {
        waitingInService();
        assertThat(post("/api/calls/c1/consult", agent, "{\"kind\":\"agent\",\"target\":\"1002\"}").statusCode())
                .as("one consult at a time").isEqualTo(409);
        Thread.sleep(300);
        assertThat(consultsSent()).as("nobody of the queue is free yet").isEqualTo(1);

        assertThat(post("/api/agents/1002/state", colleague, "{\"state\":\"READY\"}").statusCode()).isEqualTo(200);
        assertThat(gateway.awaitCount(Consult.class, 2).get(1))
                .isEqualTo(new Consult("c1", "1002", "1002", null, "service"));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.DIALING);
        gateway.send(progress("1002", ConsultState.DIALING));
        gateway.send(progress("1002", ConsultState.CONNECTED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.ON_CALL);
        assertThat(server.agents().snapshot("1001").orElseThrow().held()).isTrue();

        assertThat(post("/api/calls/c1/consult/complete", agent, "{}").statusCode()).isEqualTo(202);
        assertThat(gateway.await(CompleteConsult.class)).isEqualTo(new CompleteConsult("c1"));
        gateway.send(progress("1002", ConsultState.COMPLETED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(state("1002")).isEqualTo(AgentState.ON_CALL);
        assertThat(post("/api/calls/c1/hold", colleague, "{}").statusCode()).as("1002's call now").isEqualTo(202);
    }

    @Test
    void aPickedAgentNotReachedPutsTheConsultBackInTheQueue() throws Exception {
        waitingInService();
        assertThat(post("/api/agents/1002/state", colleague, "{\"state\":\"READY\"}").statusCode()).isEqualTo(200);
        gateway.awaitCount(Consult.class, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.DIALING);
        // its phone is gone (the gateway refuses): given back, and the consult waits again
        gateway.send(new CommandRejected(0, "Consult", "c1", RejectReason.UNKNOWN_EXTENSION,
                System.currentTimeMillis()));
        assertThat(gateway.awaitCount(Consult.class, 3).get(2)).as("offered again at the head of the queue")
                .isEqualTo(new Consult("c1", "1002", "1002", null, "service"));
        // this time it rings and is not answered: FAILED, then the gateway's QUEUED again
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.DIALING);
        gateway.send(progress("1002", ConsultState.FAILED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.READY);
        long before = consultsSent();
        gateway.send(progress(null, ConsultState.QUEUED));
        await().atMost(Duration.ofSeconds(5)).until(() -> consultsSent() == before + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.DIALING);
    }

    @Test
    void aCancelWhileWaitingTakesTheConsultOutOfTheQueue() throws Exception {
        waitingInService();
        HttpResponse<String> cancel = post("/api/calls/c1/consult/cancel", agent, "{}");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        assertThat(gateway.await(CancelConsult.class)).isEqualTo(new CancelConsult("c1"));
        gateway.send(progress(null, ConsultState.CANCELLED));
        gateway.send(new CallResumed("c1", "1001", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.agents().snapshot("1001").orElseThrow().held());

        assertThat(post("/api/agents/1002/state", colleague, "{\"state\":\"READY\"}").statusCode()).isEqualTo(200);
        Thread.sleep(500);
        assertThat(consultsSent()).as("nobody is called for a cancelled consult").isEqualTo(1);
        assertThat(state("1002")).isEqualTo(AgentState.READY);
        assertThat(state("1001")).isEqualTo(AgentState.ON_CALL);
    }

    @Test
    void theConsultingAgentHangingUpWhileWaitingEndsTheQueueEntry() throws Exception {
        waitingInService();
        gateway.send(new CallCleared("c1", ClearCause.AGENT_HANGUP, 3000, 20000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);

        assertThat(post("/api/agents/1002/state", colleague, "{\"state\":\"READY\"}").statusCode()).isEqualTo(200);
        Thread.sleep(500);
        assertThat(consultsSent()).as("the queue entry went with the call").isEqualTo(1);
        assertThat(state("1002")).isEqualTo(AgentState.READY);
    }

    private static ConsultProgress progress(String target, ConsultState state) {
        return new ConsultProgress("c1", "1001", target, state, System.currentTimeMillis());
    }
}
