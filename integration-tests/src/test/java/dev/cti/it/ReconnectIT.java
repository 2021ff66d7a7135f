package dev.cti.it;

import static dev.cti.it.stack.Audio.HEARS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.agent.phone.CallState;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server dies during a connected call and a new one starts on the same ports and database: the call's audio
 * never stops (the gateway owns media), the new server restores the agent ON_CALL from its records, the gateway
 * reconnects by itself, and its snapshot makes the new server adopt the call with its agent, so the agent is not
 * offered another call while talking and the call's end is taken (docs/STORAGE.md, "Restart: restoring from the
 * records").
 */
class ReconnectIT {
    private static final Duration T = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void callSurvivesAServerRestartAndTheNewServerAdoptsItFromTheGatewaySnapshot() throws Exception {
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", 880, 300);
        agent.run("ready");
        Caller caller = stack.caller("13712345678", 440);
        caller.dial("4008001000");
        String callId = agent.events().await("script", T).getString("callId");
        agent.events().await("answered", T);
        agent.events().awaitState("ON_CALL", T);

        stack.killServer();
        agent.events().await("server-disconnected", T);
        short[] agentHearsDuringOutage = Audio.next(agent, 200, 1.5);
        short[] callerHearsDuringOutage = Audio.next(caller, 0, 1.5);
        assertThat(Audio.share(agentHearsDuringOutage, 440)).as("agent still hears the caller while the server is down")
                .isGreaterThan(HEARS);
        assertThat(Audio.share(callerHearsDuringOutage, 880)).as("caller still hears the agent while the server is down")
                .isGreaterThan(HEARS);
        assertThat(agent.seat().phone().state()).isEqualTo(CallState.CONNECTED);

        stack.startServer(); // same ports, same data directory: agents and sessions come back from the records
        // before the gateway is back, the records say 1001 is talking on that call (not LOGGED_OUT)
        AgentSnapshot restored = stack.agent("1001");
        assertThat(restored.state()).isEqualTo(AgentState.ON_CALL);
        assertThat(restored.callId()).contains(callId);
        stack.awaitLinkUp();
        JsonObject adopted = await("the new server adopts the gateway's call").atMost(T)
                .until(() -> call(callId), c -> c != null && "1001".equals(c.getString("agentId")));
        assertThat(adopted.getString("phase")).isEqualTo("CONNECTED");

        // the seat's event socket comes back (its session is in the database); the gateway's snapshot agrees with
        // the records: 1001 stays ON_CALL on that very call, nothing to log in again
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.events().count("server-connected") >= 2);
        stack.server().calls().requestSnapshot();
        AgentSnapshot reconciled = await("1001 ON_CALL after reconciliation").atMost(T)
                .until(() -> stack.agent("1001"), a -> a.state() == AgentState.ON_CALL);
        assertThat(reconciled.callId()).contains(callId);

        // and the call ends normally on the new server
        caller.hangup();
        agent.events().await("hangup", T);
        await().atMost(T).until(() -> stack.agent("1001").state() == AgentState.WRAP_UP);
    }

    private JsonObject call(String callId) throws Exception {
        JsonArray calls = stack.server().calls().callsJson().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < calls.size(); i++) {
            if (callId.equals(calls.getJsonObject(i).getString("id"))) return calls.getJsonObject(i);
        }
        return null;
    }
}
