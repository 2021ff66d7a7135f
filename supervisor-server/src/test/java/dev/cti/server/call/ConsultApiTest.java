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
import dev.cti.link.message.Conference;
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
 * POST /api/calls/{id}/consult, /consult/complete, /consult/cancel (issue 18) with a scripted gateway: the commands
 * sent, the agents' states following ConsultProgress (the consulted agent DIALING, ON_CALL, then wrap-up or the call's
 * agent; the first agent in wrap-up on completion), and the refusals.
 */
class ConsultApiTest extends ScriptedGatewayApiBase {
    private String agent;

    @BeforeEach
    void callConnectedTo1001And1002Ready() throws Exception {
        long now = System.currentTimeMillis();
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now));
        gateway.send(new PhoneRegistered("1002", "sip:1002@127.0.0.1:5098", 3600, now));
        agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", now));
        assertThat(gateway.await(DeliverToAgent.class).agentId()).isEqualTo("1001");
        gateway.send(new CallAnswered("c1", "1001", 2000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        ready(login("1002", "demo-1002"), "1002");
    }

    @Test
    void aCompletedConsultMakesTheCallTheConsultedAgentsAndSendsTheFirstToWrapUp() throws Exception {
        HttpResponse<String> c = post("/api/calls/c1/consult", agent, "{\"kind\":\"agent\",\"target\":\"1002\"}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(202);
        assertThat(new JsonObject(c.body()).getString("sent")).isEqualTo("consult");
        assertThat(gateway.await(Consult.class)).isEqualTo(new Consult("c1", "1002", "1002", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.DIALING);
        assertThat(post("/api/calls/c1/consult", agent, "{\"kind\":\"number\",\"target\":\"4008009000\"}")
                .statusCode()).as("one consult at a time").isEqualTo(409);

        gateway.send(new CallHeld("c1", "1001", System.currentTimeMillis()));
        gateway.send(progress(ConsultState.DIALING));
        gateway.send(progress(ConsultState.CONNECTED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.ON_CALL);
        assertThat(server.agents().snapshot("1001").orElseThrow().held()).isTrue();

        HttpResponse<String> done = post("/api/calls/c1/consult/complete", agent, "{}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(202);
        assertThat(gateway.await(CompleteConsult.class)).isEqualTo(new CompleteConsult("c1"));
        gateway.send(progress(ConsultState.COMPLETED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(state("1002")).isEqualTo(AgentState.ON_CALL);
        assertThat(post("/api/calls/c1/hold", agent, "{}").statusCode()).as("no longer 1001's call")
                .isEqualTo(403);

        gateway.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 3000, 20000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.WRAP_UP);
    }

    @Test
    void aCancelledConsultGivesTheCustomerBackAndTheConsultedAgentWrapsUp() throws Exception {
        assertThat(post("/api/calls/c1/consult", agent, "{\"kind\":\"agent\",\"target\":\"1002\"}").statusCode())
                .isEqualTo(202);
        gateway.await(Consult.class);
        gateway.send(new CallHeld("c1", "1001", System.currentTimeMillis()));
        gateway.send(progress(ConsultState.CONNECTED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.ON_CALL);

        HttpResponse<String> cancel = post("/api/calls/c1/consult/cancel", agent, "{}");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        assertThat(gateway.await(CancelConsult.class)).isEqualTo(new CancelConsult("c1"));
        gateway.send(progress(ConsultState.CANCELLED));
        gateway.send(new CallResumed("c1", "1001", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.agents().snapshot("1001").orElseThrow().held());
        assertThat(state("1001")).isEqualTo(AgentState.ON_CALL);
        assertThat(post("/api/calls/c1/consult/cancel", agent, "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void aConferenceKeepsBothAgentsOnTheCallUntilOneLeaves() throws Exception {
        assertThat(post("/api/calls/c1/consult/conference", agent, "{}").statusCode()).as("no consult yet")
                .isEqualTo(409);
        assertThat(post("/api/calls/c1/consult", agent, "{\"kind\":\"agent\",\"target\":\"1002\"}").statusCode())
                .isEqualTo(202);
        gateway.await(Consult.class);
        gateway.send(new CallHeld("c1", "1001", System.currentTimeMillis()));
        gateway.send(progress(ConsultState.CONNECTED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.ON_CALL);

        HttpResponse<String> conf = post("/api/calls/c1/consult/conference", agent, "{}");
        assertThat(conf.statusCode()).as(conf.body()).isEqualTo(202);
        assertThat(new JsonObject(conf.body()).getString("sent")).isEqualTo("conference");
        assertThat(gateway.await(Conference.class)).isEqualTo(new Conference("c1"));
        gateway.send(progress(ConsultState.CONFERENCED));
        gateway.send(new CallResumed("c1", "1001", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.agents().snapshot("1001").orElseThrow().held());
        assertThat(state("1001")).isEqualTo(AgentState.ON_CALL);
        assertThat(state("1002")).isEqualTo(AgentState.ON_CALL);

        // the agent leaves: the customer and 1002 go on, 1001 wraps up
        assertThat(post("/api/calls/c1/consult/complete", agent, "{}").statusCode()).isEqualTo(202);
        gateway.await(CompleteConsult.class);
        gateway.send(progress(ConsultState.COMPLETED));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(state("1002")).isEqualTo(AgentState.ON_CALL);
    }

    @Test
    void aConsultTheGatewayRefusesGivesTheConsultedAgentBack() throws Exception {
        assertThat(post("/api/calls/c1/consult", agent, "{\"kind\":\"agent\",\"target\":\"1002\"}").statusCode())
                .isEqualTo(202);
        gateway.await(Consult.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.DIALING);
        gateway.send(new CommandRejected(0, "Consult", "c1", RejectReason.UNKNOWN_EXTENSION,
                System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.READY);
        assertThat(post("/api/calls/c1/consult/complete", agent, "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void badParametersAndRefusals() throws Exception {
        String[][] bad = {
                {"{}", "400", "bad_request"},
                {"{\"kind\":\"queue\",\"target\":\"nope\"}", "400", "unknown_queue"},
                {"{\"kind\":\"queue\",\"target\":42}", "400", "unknown_queue"},
                {"{\"kind\":\"team\",\"target\":\"sales\"}", "400", "bad_request"},
                {"{\"kind\":\"agent\"}", "400", "bad_request"},
                {"{\"kind\":\"agent\",\"target\":\"\"}", "400", "bad_request"},
                {"{\"kind\":\"agent\",\"target\":42}", "400", "bad_request"},
                {"{\"kind\":\"agent\",\"target\":\"nobody\"}", "400", "unknown_agent"},
                {"{\"kind\":\"number\",\"target\":\"12ab\"}", "400", "bad_number"},
                {"{\"kind\":\"agent\",\"target\":\"1001\"}", "409", "agent_unavailable"},
                {"{\"kind\":\"agent\",\"target\":\"2001\"}", "409", "agent_unavailable"}, // logged out
        };
        for (String[] b : bad) {
            HttpResponse<String> r = post("/api/calls/c1/consult", agent, b[0]);
            assertThat(r.statusCode()).as(b[0] + ": " + r.body()).isEqualTo(Integer.parseInt(b[1]));
            assertThat(new JsonObject(r.body()).getString("error")).as(b[0]).isEqualTo(b[2]);
        }
        HttpResponse<String> notJson = post("/api/calls/c1/consult", agent, "not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(post("/api/calls/nope/consult", agent, "{\"kind\":\"agent\",\"target\":\"1002\"}").statusCode())
                .isEqualTo(404);
        assertThat(post("/api/calls/nope/consult/complete", agent, "{}").statusCode()).isEqualTo(404);
        assertThat(post("/api/calls/nope/consult/conference", agent, "{}").statusCode()).isEqualTo(404);
        assertThat(post("/api/calls/c1/consult/complete", agent, "{}").statusCode()).isEqualTo(409);
        String colleague = login("1002", "demo-1002");
        assertThat(post("/api/calls/c1/consult", colleague, "{\"kind\":\"agent\",\"target\":\"1002\"}")
                .statusCode()).isEqualTo(403);
        assertThat(post("/api/calls/c1/consult/cancel", colleague, "{}").statusCode()).isEqualTo(403);
        assertThat(state("1002")).as("nothing was started").isEqualTo(AgentState.READY);
        // a supervisor of the team may (audited), as for hold and transfer: here there is no consult to complete
        String supervisor = login("supervisor", "demo-supervisor");
        HttpResponse<String> sup = post("/api/calls/c1/consult/complete", supervisor, "{}");
        assertThat(sup.statusCode()).as(sup.body()).isEqualTo(409);
        assertThat(new JsonObject(sup.body()).getString("error")).isEqualTo("no_consult");
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("supervisor");
            assertThat(e.action()).isEqualTo("consult-complete");
            assertThat(e.callId()).contains("c1");
        });
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("1002");
            assertThat(e.action()).isEqualTo("consult");
            assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).startsWith("denied: "));
        });
    }

    private static ConsultProgress progress(ConsultState state) {
        return new ConsultProgress("c1", "1001", "1002", state, System.currentTimeMillis());
    }
}
