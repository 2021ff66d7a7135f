package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.ResumeCall;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** POST /api/calls/{id}/hold, /resume and /answer (issue 4): the commands sent and refusals pushed. */
class HoldResumeAnswerApiTest extends ScriptedGatewayApiBase {

    private String ringingCallOn1001() throws Exception {
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        assertThat(gateway.await(DeliverToAgent.class).callId()).isEqualTo("c1");
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.RESERVED);
        return agent;
    }

    @Test
    void answerHoldAndResumeSendTheirCommandsAndTheEventsDriveTheCall() throws Exception {
        String agent = ringingCallOn1001();
        HttpResponse<String> a = post("/api/calls/c1/answer", agent, "{}");
        assertThat(a.statusCode()).as(a.body()).isEqualTo(202);
        assertThat(new JsonObject(a.body())).isEqualTo(new JsonObject().put("callId", "c1").put("sent", "answer"));
        assertThat(gateway.await(AnswerCall.class)).isEqualTo(new AnswerCall("c1"));
        gateway.send(new CallAnswered("c1", "1001", 2000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);

        HttpResponse<String> h = post("/api/calls/c1/hold", agent, "{}");
        assertThat(h.statusCode()).as(h.body()).isEqualTo(202);
        assertThat(new JsonObject(h.body()).getString("sent")).isEqualTo("hold");
        assertThat(gateway.await(HoldCall.class)).isEqualTo(new HoldCall("c1"));
        gateway.send(new CallHeld("c1", "1001", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.agents().snapshot("1001").orElseThrow().held());

        HttpResponse<String> r = post("/api/calls/c1/resume", agent, "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(new JsonObject(r.body()).getString("sent")).isEqualTo("resume");
        assertThat(gateway.await(ResumeCall.class)).isEqualTo(new ResumeCall("c1"));
        gateway.send(new CallResumed("c1", "1001", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.agents().snapshot("1001").orElseThrow().held());
    }

    @Test
    void onlyTheAgentOnTheCallItsSupervisorAndAdminsMayAndSupervisorsAreAudited() throws Exception {
        ringingCallOn1001();
        String colleague = login("1002", "demo-1002");
        assertThat(post("/api/calls/c1/hold", colleague, "{}").statusCode()).isEqualTo(403);
        assertThat(post("/api/calls/nope/answer", colleague, "{}").statusCode()).isEqualTo(404);
        String supervisor = login("supervisor", "demo-supervisor");
        assertThat(post("/api/calls/c1/answer", supervisor, "{}").statusCode()).isEqualTo(202);
        assertThat(gateway.await(AnswerCall.class)).isEqualTo(new AnswerCall("c1"));
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("supervisor");
            assertThat(e.action()).isEqualTo("answer");
            assertThat(e.callId()).contains("c1");
            assertThat(e.target()).contains("1001");
        });
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("1002");
            assertThat(e.action()).isEqualTo("hold");
            assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).startsWith("denied: "));
        });
    }

    @Test
    void aRefusedAnswerIsPushedToTheAgentAndTheSupervisor() throws Exception {
        String agent = ringingCallOn1001();
        ScriptedGatewayApiBase.Events agentEvents = events(agent);
        ScriptedGatewayApiBase.Events supervisorEvents = events(login("supervisor", "demo-supervisor"));
        ScriptedGatewayApiBase.Events otherAgent = events(login("2001", "demo-2001"));
        assertThat(post("/api/calls/c1/answer", agent, "{}").statusCode()).isEqualTo(202);
        gateway.await(AnswerCall.class);
        gateway.send(new CommandRejected(0, "AnswerCall", "c1", RejectReason.PHONE_REFUSED, System.currentTimeMillis()));
        for (ScriptedGatewayApiBase.Events events : new ScriptedGatewayApiBase.Events[] {agentEvents, supervisorEvents}) {
            JsonObject e = events.next(x -> "command-rejected".equals(x.getString("type")), Duration.ofSeconds(5));
            assertThat(e.getString("callId")).isEqualTo("c1");
            assertThat(e.getString("agentId")).isEqualTo("1001");
            assertThat(e.getString("command")).isEqualTo("AnswerCall");
            assertThat(e.getString("reason")).isEqualTo("PHONE_REFUSED");
        }
        // The call is still ringing at the agent: nothing else changed.
        assertThat(state("1001")).isEqualTo(AgentState.RESERVED);
        assertThat(otherAgent.drained("command-rejected")).isEmpty();
    }
}
