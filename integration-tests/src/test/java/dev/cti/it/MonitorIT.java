package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Api;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervisor monitoring through the whole system (issue 7), as a supervisor does it: REST to the server, which
 * commands the gateway to call the supervisor's own seat (9001, worked by the {@code supervisor} user, which
 * answers by itself because the gateway's INVITE says {@code answer-after=0}) and to mix. Customer 440 Hz, agent
 * 880 Hz, supervisor 1320 Hz; each party's recording is checked by Goertzel for exactly who hears whom in listen,
 * whisper and barge, after stop, and after a take-over (the agent leg is released into wrap-up). The audit log
 * holds every start, switch and stop.
 */
class MonitorIT {
    private static final Duration T = Duration.ofSeconds(15);
    /**
     * One of two equally loud tones holds about half the energy; a frame the mixer had to play without one party
     * (its packet late on a busy machine) lowers it, while a party that is not mixed in stays near 0.
     */
    private static final double MIXED = 0.1;
    private static final double SILENT = 0.05;
    private static final double CUSTOMER = 440, AGENT = 880, SUPERVISOR = 1320;
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void listenWhisperBargeStopAndTakeOverByTone() throws Exception {
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", AGENT, 500);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        Seat supervisor = stack.seat("9001", "supervisor", "demo-supervisor", SUPERVISOR, -1);
        Api boss = stack.api("supervisor");

        Caller caller = stack.caller("13812345678", CUSTOMER);
        caller.dial("4008001000");
        String callId = agent.events().await("script", T).getString("callId");
        agent.events().awaitState("ON_CALL", T);
        caller.events().await("answered", T);

        // an agent may not monitor anyone, themselves included
        assertThat(stack.api("1002").post("/api/monitors", monitor("1001", "listen")).status()).isEqualTo(403);

        // listen: the supervisor hears both; nobody hears the supervisor
        Api.Reply start = boss.post("/api/monitors", monitor("1001", "listen"));
        assertThat(start.status()).as(start.body().encode()).isEqualTo(201);
        String monitorId = start.body().getJsonObject("monitor").getString("monitorId");
        assertThat(start.body().getJsonObject("monitor").getString("callId")).isEqualTo(callId);
        supervisor.events().await("answered", T);
        awaitMonitor(boss, monitorId, "active", "listen");
        short[] supHears = Audio.next(supervisor, 600, 1.5);
        assertThat(Audio.share(supHears, CUSTOMER)).as("listen: supervisor hears the customer").isGreaterThan(MIXED);
        assertThat(Audio.share(supHears, AGENT)).as("listen: supervisor hears the agent").isGreaterThan(MIXED);
        assertThat(Audio.share(supHears, SUPERVISOR)).as("listen: supervisor does not hear itself").isLessThan(SILENT);
        assertThat(Audio.share(Audio.next(caller, 0, 1.5), SUPERVISOR)).as("listen: customer does not hear the supervisor")
                .isLessThan(SILENT);
        assertThat(Audio.share(Audio.next(agent, 0, 1.5), SUPERVISOR)).as("listen: agent does not hear the supervisor")
                .isLessThan(SILENT);

        // whisper: the agent hears the supervisor, the customer does not
        assertThat(boss.put("/api/monitors/" + monitorId, mode("whisper")).status()).isEqualTo(202);
        awaitMonitor(boss, monitorId, "active", "whisper");
        short[] agentHears = Audio.next(agent, 500, 1.5);
        assertThat(Audio.share(agentHears, SUPERVISOR)).as("whisper: agent hears the supervisor").isGreaterThan(MIXED);
        assertThat(Audio.share(agentHears, CUSTOMER)).as("whisper: agent still hears the customer").isGreaterThan(MIXED);
        short[] customerHears = Audio.next(caller, 0, 1.5);
        assertThat(Audio.share(customerHears, SUPERVISOR)).as("whisper: customer does not hear the supervisor")
                .isLessThan(SILENT);
        assertThat(Audio.share(customerHears, AGENT)).as("whisper: customer hears the agent").isGreaterThan(MIXED);

        // barge: everyone hears everyone else
        assertThat(boss.put("/api/monitors/" + monitorId, mode("barge")).status()).isEqualTo(202);
        awaitMonitor(boss, monitorId, "active", "barge");
        customerHears = Audio.next(caller, 500, 1.5);
        assertThat(Audio.share(customerHears, SUPERVISOR)).as("barge: customer hears the supervisor").isGreaterThan(MIXED);
        assertThat(Audio.share(customerHears, AGENT)).as("barge: customer hears the agent").isGreaterThan(MIXED);
        assertThat(Audio.share(Audio.next(agent, 0, 1.5), SUPERVISOR)).as("barge: agent hears the supervisor")
                .isGreaterThan(MIXED);

        // stop: the supervisor's leg goes, the call is the plain call again
        assertThat(boss.delete("/api/monitors/" + monitorId).status()).isEqualTo(202);
        supervisor.events().await("hangup", T);
        awaitMonitorGone(boss, monitorId);
        customerHears = Audio.next(caller, 500, 1.5);
        assertThat(Audio.share(customerHears, AGENT)).as("after stop: customer hears the agent").isGreaterThan(Audio.HEARS);
        assertThat(Audio.share(customerHears, SUPERVISOR)).as("after stop: no supervisor").isLessThan(SILENT);
        assertThat(stack.agent("1001").state()).isEqualTo(AgentState.ON_CALL);

        // take over: the supervisor replaces the agent, whose leg is released into wrap-up
        Api.Reply takeOver = boss.post("/api/monitors", monitor("1001", "takeover"));
        assertThat(takeOver.status()).as(takeOver.body().encode()).isEqualTo(201);
        String takeOverId = takeOver.body().getJsonObject("monitor").getString("monitorId");
        await("supervisor's phone answers the second monitor call").atMost(T)
                .until(() -> supervisor.events().count("answered") == 2);
        agent.events().await("hangup", T);
        agent.events().awaitState("WRAP_UP", T);
        customerHears = Audio.next(caller, 600, 1.5);
        assertThat(Audio.share(customerHears, SUPERVISOR)).as("take over: customer hears the supervisor")
                .isGreaterThan(Audio.HEARS);
        assertThat(Audio.share(customerHears, AGENT)).as("take over: the agent is gone").isLessThan(SILENT);
        short[] supervisorHears = Audio.next(supervisor, 0, 1.5);
        assertThat(Audio.share(supervisorHears, CUSTOMER)).as("take over: supervisor hears the customer")
                .isGreaterThan(Audio.HEARS);

        // the customer hangs up: the supervisor's call ends too
        caller.hangup();
        await("supervisor's phone hung up").atMost(T).until(() -> supervisor.events().count("hangup") == 2);
        awaitMonitorGone(boss, takeOverId);

        List<AuditEntry> audit = stack.server().store().auditLog(200).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        List<AuditEntry> mine = audit.stream().filter(a -> a.action().startsWith("monitor")).toList();
        assertThat(mine).extracting(AuditEntry::action).contains("monitor-start", "monitor-switch", "monitor-stop");
        assertThat(mine.stream().filter(a -> a.action().equals("monitor-start") && a.actor().equals("supervisor")))
                .hasSize(2)
                .allSatisfy(a -> {
                    assertThat(a.target()).contains("1001");
                    assertThat(a.callId()).contains(callId);
                });
        assertThat(mine.stream().filter(a -> a.action().equals("monitor-switch"))).hasSize(2)
                .allSatisfy(a -> assertThat(a.detail().orElse("")).containsAnyOf("whisper", "barge"));
        assertThat(mine).as("the agent's refused attempt is audited")
                .anySatisfy(a -> {
                    assertThat(a.actor()).isEqualTo("1002");
                    assertThat(a.detail().orElse("")).startsWith("denied");
                });
    }

    private static JsonObject monitor(String agentId, String mode) {
        return new JsonObject().put("agentId", agentId).put("mode", mode);
    }

    private static JsonObject mode(String mode) {
        return new JsonObject().put("mode", mode);
    }

    private static void awaitMonitor(Api api, String monitorId, String state, String mode) {
        await("monitor " + monitorId + " " + state + " in " + mode).atMost(T).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonObject m = find(api, monitorId);
                    return m != null && state.equals(m.getString("state")) && mode.equals(m.getString("mode"));
                });
    }

    private static void awaitMonitorGone(Api api, String monitorId) {
        await("monitor " + monitorId + " over").atMost(T).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonObject m = find(api, monitorId);
                    return m == null || "ended".equals(m.getString("state"));
                });
    }

    private static JsonObject find(Api api, String monitorId) throws Exception {
        Api.Reply r = api.get("/api/monitors");
        assertThat(r.status()).as(r.body().encode()).isEqualTo(200);
        JsonArray all = r.body().getJsonArray("monitors");
        for (int i = 0; i < all.size(); i++) {
            if (monitorId.equals(all.getJsonObject(i).getString("monitorId"))) {
                return all.getJsonObject(i);
            }
        }
        return null;
    }
}
