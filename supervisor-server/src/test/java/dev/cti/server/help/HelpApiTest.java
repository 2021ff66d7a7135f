package dev.cti.server.help;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.StartMonitor;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Ask for help" through the API and the push (issue 18), as ServerMain runs it with a scripted gateway: an agent on
 * a call raises its hand, the supervisor of its team sees it pushed and listed with the call and the waiting time,
 * joins with the monitor API in whisper mode and the hand is lowered once the monitor is active; the agent's own
 * cancel and the call's end lower it too. Refusals: not on a call (409), someone else's hand (403, audited), QA may
 * not list the hands (403).
 */
class HelpApiTest extends ScriptedGatewayApiBase {
    private static final Duration T = Duration.ofSeconds(5);

    @BeforeEach
    void phonesRegistered() throws Exception {
        for (String ext : new String[] {"1001", "1002", "9001"}) {
            gateway.send(new PhoneRegistered(ext, "sip:" + ext + "@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        }
    }

    @Test
    void aRaisedHandIsSeenByTheTeamsSupervisorAndLoweredWhenItJoinsInWhisper() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        String supervisor = login("supervisor", "demo-supervisor");
        Events pushed = events(supervisor);
        Events own = events(agent);

        HttpResponse<String> idle = post("/api/agents/1001/help", agent, "{}");
        assertThat(idle.statusCode()).as(idle.body()).isEqualTo(409);
        assertThat(new JsonObject(idle.body()).getString("error")).isEqualTo("not_on_call");

        answered("c1");
        HttpResponse<String> r = post("/api/agents/1001/help", agent, "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject hand = new JsonObject(r.body()).getJsonObject("hand");
        assertThat(hand.getString("agentId")).isEqualTo("1001");
        assertThat(hand.getString("callId")).isEqualTo("c1");
        assertThat(hand.getString("queueId")).isEqualTo("service");
        assertThat(hand.getString("name")).isEqualTo("张伟");
        JsonObject raised = pushed.next(e -> "help".equals(e.getString("type")), T);
        assertThat(raised.getString("state")).isEqualTo("raised");
        assertThat(raised.getJsonObject("hand").getString("callId")).isEqualTo("c1");
        assertThat(own.next(e -> "help".equals(e.getString("type")), T).getString("state")).isEqualTo("raised");
        // raising it again keeps the first hand and its time
        assertThat(new JsonObject(post("/api/agents/1001/help", agent, "{}").body()).getJsonObject("hand")
                .getString("raisedAt")).isEqualTo(hand.getString("raisedAt"));

        JsonArray hands = hands(supervisor);
        assertThat(hands).hasSize(1);
        JsonObject listed = hands.getJsonObject(0);
        assertThat(listed.getString("agentId")).isEqualTo("1001");
        assertThat(listed.getString("callId")).isEqualTo("c1");
        assertThat(listed.getLong("waitingSeconds")).isBetween(0L, 5L);
        assertThat(Instant.parse(listed.getString("raisedAt"))).isBeforeOrEqualTo(Instant.now());
        assertThat(hands(agent)).as("the agent sees its own hand").hasSize(1);

        String colleague = login("1002", "demo-1002");
        assertThat(post("/api/agents/1001/help", colleague, "{}").statusCode()).isEqualTo(403);
        assertThat(hands(colleague)).as("another agent's hand is not the colleague's to see").isEmpty();
        assertThat(get("/api/help", login("inspector", "demo-inspector")).statusCode()).isEqualTo(403);
        HttpResponse<String> nobody = post("/api/agents/no-such-seat/help", login("supervisor", "demo-supervisor"), "{}");
        assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(404);
        assertThat(nobody.body()).contains("unknown_agent");
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.actor()).isEqualTo("1002");
            assertThat(a.action()).isEqualTo("help-raise");
            assertThat(a.detail().orElse("")).startsWith("denied");
        });

        // one click on the wallboard: the monitor API in whisper mode; the hand goes down once it is active
        HttpResponse<String> join = post("/api/monitors", supervisor,
                new JsonObject().put("agentId", "1001").put("mode", "whisper").encode());
        assertThat(join.statusCode()).as(join.body()).isEqualTo(201);
        StartMonitor start = gateway.await(StartMonitor.class);
        assertThat(start.mode()).isEqualTo(MonitorMode.WHISPER);
        assertThat(start.callId()).isEqualTo("c1");
        assertThat(hands(supervisor)).as("still raised while the supervisor's phone rings").hasSize(1);
        gateway.send(new MonitorStarted(start.monitorId(), "c1", "supervisor", "1001", MonitorMode.WHISPER,
                System.currentTimeMillis()));
        JsonObject lowered = pushed.next(e -> "help".equals(e.getString("type")), T);
        assertThat(lowered.getString("state")).isEqualTo("lowered");
        assertThat(lowered.getString("reason")).isEqualTo("joined");
        assertThat(hands(supervisor)).isEmpty();

        // the agent cancels a second hand; a third goes down with the call
        assertThat(post("/api/agents/1001/help", agent, "{}").statusCode()).isEqualTo(201);
        HttpResponse<String> cancel = send("/api/agents/1001/help", agent, "DELETE", null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(new JsonObject(cancel.body()).getBoolean("lowered")).isTrue();
        assertThat(pushed.next(e -> "help".equals(e.getString("type")) && "lowered".equals(e.getString("state")), T)
                .getString("reason")).isEqualTo("cancelled");
        assertThat(post("/api/agents/1001/help", agent, "{}").statusCode()).isEqualTo(201);
        gateway.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 1000, 20_000, System.currentTimeMillis()));
        assertThat(pushed.next(e -> "help".equals(e.getString("type")) && "lowered".equals(e.getString("state")), T)
                .getString("reason")).isEqualTo("call-ended");
        assertThat(hands(supervisor)).isEmpty();
    }

    private void answered(String callId) throws Exception {
        gateway.send(new CallOffered(callId, "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered(callId, "1001", 3000, System.currentTimeMillis()));
        await().atMost(T).until(() -> state("1001") == AgentState.ON_CALL);
    }

    private JsonArray hands(String token) throws Exception {
        HttpResponse<String> r = get("/api/help", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("hands");
    }
}
