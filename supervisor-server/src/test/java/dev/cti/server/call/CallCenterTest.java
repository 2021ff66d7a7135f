package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RingFailureReason;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.http.PushJson;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call center over a real link server, real agent machines and a real (embedded) store, with a
 * scripted gateway on the other end of the link, on the shipped configuration.
 */
class CallCenterTest {
    private static final String CALLER = "13812345678";

    @TempDir
    Path tmp;

    private CallCenterRig rig;
    private Store store;
    private AgentRegistry agents;
    private CallCenter center;
    private ScriptedGatewayPeer gateway;
    private SimpleMeterRegistry meters;
    private final List<JsonObject> pushed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rig = CallCenterRig.start(tmp.resolve("data"), Clock.systemUTC(), (vertx, events) -> events.calls()
                .subscribe(vertx.getOrCreateContext(), e -> pushed.add(PushJson.call(e))));
        store = rig.store;
        agents = rig.agents;
        center = rig.center;
        gateway = rig.gateway;
        meters = rig.meters;
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private void ready(String agentId, String extension) throws Exception {
        gateway.send(new PhoneRegistered(extension, "sip:" + extension + "@127.0.0.1:5099", 3600, now()));
        fire(agentId, AgentEvent.of(AgentEventType.LOGIN, Cause.agent(agentId)));
        fire(agentId, AgentEvent.of(AgentEventType.SET_READY, Cause.agent(agentId)));
    }

    private void fire(String agentId, AgentEvent e) throws Exception {
        assertThat(agents.fire(agentId, e).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .accepted()).as("%s accepted", e).isTrue();
    }

    private AgentState state(String agentId) {
        return agents.snapshot(agentId).orElseThrow().state();
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return store.call(callId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void offeredCallIsDeliveredToTheReadyAgentWithTheScriptAndRecorded() throws Exception {
        ready("1001", "1001");
        gateway.send(new CallOffered("c1", "service", CALLER, "4008001000", "pbx", now()));
        DeliverToAgent d = gateway.await(DeliverToAgent.class);
        assertThat(d).isEqualTo(new DeliverToAgent("c1", "1001", "1001", 15));
        assertThat(state("1001")).isEqualTo(AgentState.RESERVED);
        await().atMost(Duration.ofSeconds(5)).until(() -> pushed.stream().anyMatch(p -> "script".equals(p.getString("type"))));
        JsonObject script = pushed.stream().filter(p -> "script".equals(p.getString("type"))).findFirst().orElseThrow();
        assertThat(script.getString("agentId")).isEqualTo("1001");
        assertThat(script.getJsonObject("script").getJsonArray("steps").getJsonObject(0).getString("text"))
                .isEqualTo("先生/女士,您好!我是示例科技1001号业务受理专员,请问有什么可以帮您?");

        gateway.send(new AgentRinging("c1", "1001", "1001", now()));
        gateway.send(new CallAnswered("c1", "1001", 7_000, now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        assertThat(pushed).anySatisfy(p -> {
            assertThat(p.getString("event")).isEqualTo("answered");
            assertThat(p.getJsonObject("call").getInteger("ringCount")).isEqualTo(2);
            assertThat(p.getJsonObject("call").getString("caller")).isEqualTo("138****5678");
        });

        gateway.send(new CallHeld("c1", "1001", now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agents.snapshot("1001").orElseThrow().held());
        gateway.send(new CallResumed("c1", "1001", now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !agents.snapshot("1001").orElseThrow().held());

        gateway.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 1_000, 20_000, now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr("c1").map(r -> r.outcome() == CallRecord.Outcome.ANSWERED)
                .orElse(false));
        CallRecord r = cdr("c1").orElseThrow();
        assertThat(r.agentId()).contains("1001");
        assertThat(r.queueId()).contains("service");
        assertThat(r.ringTime()).isEqualTo(Duration.ofMillis(7_000));
        assertThat(r.endedAt()).isPresent();
    }

    @Test
    void agentWithoutARegisteredPhoneIsNeverOffered() throws Exception {
        fire("1001", AgentEvent.of(AgentEventType.LOGIN, Cause.agent("1001")));
        fire("1001", AgentEvent.of(AgentEventType.SET_READY, Cause.agent("1001")));
        gateway.send(new CallOffered("c2", "service", CALLER, "4008001000", "pbx", now()));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> gateway.received(DeliverToAgent.class).isEmpty());
        assertThat(state("1001")).isEqualTo(AgentState.READY);
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now()));
        assertThat(gateway.await(DeliverToAgent.class).agentId()).isEqualTo("1001");
    }

    @Test
    void ringNoAnswerPutsTheAgentNotReadyAndTheCallGoesToTheNextAgent() throws Exception {
        ready("1001", "1001");
        gateway.send(new CallOffered("c3", "service", CALLER, "4008001000", "pbx", now()));
        assertThat(gateway.await(DeliverToAgent.class).agentId()).isEqualTo("1001");
        ready("1002", "1002");
        gateway.send(new AgentRingFailed("c3", "1001", RingFailureReason.NO_ANSWER, 15_000, now()));
        assertThat(gateway.await(DeliverToAgent.class, d -> d.agentId().equals("1002")).callId()).isEqualTo("c3");
        assertThat(state("1001")).isEqualTo(AgentState.NOT_READY);
        assertThat(agents.snapshot("1001").orElseThrow().reason()).contains("system.rona");
        assertThat(state("1002")).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void aDeliveryTheGatewayRefusesForItsStateGoesBackToTheQueueAndFreesTheAgent() throws Exception {
        ready("1001", "1001");
        gateway.send(new CallOffered("c7", "service", CALLER, "4008001000", "pbx", now()));
        gateway.await(DeliverToAgent.class);
        gateway.clearReceived();
        gateway.send(new dev.cti.link.message.CommandRejected(1, "DeliverToAgent", "c7",
                dev.cti.link.message.RejectReason.INVALID_STATE, now()));
        // the agent is freed and, still READY with its phone registered, gets the call again
        assertThat(gateway.await(DeliverToAgent.class).callId()).isEqualTo("c7");
        assertThat(cdr("c7").orElseThrow().outcome()).isEqualTo(CallRecord.Outcome.IN_PROGRESS);

        gateway.send(new dev.cti.link.message.CommandRejected(2, "DeliverToAgent", "c7",
                dev.cti.link.message.RejectReason.UNKNOWN_CALL, now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr("c7").map(r -> r.outcome() == CallRecord.Outcome.FAILED)
                .orElse(false));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.READY);
    }

    @Test
    void callerHangingUpWhileQueuedIsAnAbandon() throws Exception {
        gateway.send(new CallOffered("c4", "sales", CALLER, "4008002000", "pbx", now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr("c4").isPresent());
        gateway.send(new CallCleared("c4", ClearCause.ABANDONED, 4_000, 0, now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr("c4").map(r -> r.outcome() == CallRecord.Outcome.ABANDONED)
                .orElse(false));
        assertThat(meters.counter("cti.queue.calls.abandoned", "queue", "sales", "kind", "short").count()).isEqualTo(1.0);
    }

    @Test
    void snapshotWithoutTheAgentsCallEndsItAndCountsTheCorrection() throws Exception {
        ready("2001", "2001");
        gateway.send(new CallOffered("c5", "sales", CALLER, "4008002000", "pbx", now()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("c5", "2001", 3_000, now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("2001") == AgentState.ON_CALL);
        // The gateway lost the call without telling (e.g. it restarted): its snapshot no longer has it.
        gateway.send(new Snapshot(List.of(), List.of(new Snapshot.Registration("2001", "sip:2001@127.0.0.1", now() + 60_000)),
                now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("2001") == AgentState.WRAP_UP);
        assertThat(meters.counter("cti.reconciliation.corrections", "kind", "call-gone").count()).isEqualTo(1.0);
    }

    @Test
    void readyAgentOnAGatewayCallIsCorrectedToOnCall() throws Exception {
        ready("2002", "2002");
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("c6", CallState.CONNECTED, "sales", "2002", "2002",
                CALLER, now() - 30_000, now() - 20_000, null)),
                List.of(new Snapshot.Registration("2002", "sip:2002@127.0.0.1", now() + 60_000)), now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("2002") == AgentState.ON_CALL);
        assertThat(meters.counter("cti.reconciliation.corrections", "kind", "agent-busy").count()).isEqualTo(1.0);
    }

    @Test
    void aHoldTheServerMissedIsTakenFromTheSnapshotAndPhoneChangesArePushed() throws Exception {
        ready("2001", "2001");
        gateway.send(new CallOffered("c7", "sales", CALLER, "4008002000", "pbx", now()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("c7", "2001", 3_000, now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("2001") == AgentState.ON_CALL);
        pushed.clear();
        // the CallHeld was lost: the snapshot has the call HELD, and 2001's phone no longer registered
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("c7", CallState.HELD, "sales", "2001", "2001",
                CALLER, now() - 30_000, now() - 20_000, now() - 5_000)), List.of(), now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agents.snapshot("2001").orElseThrow().held());
        assertThat(meters.counter("cti.reconciliation.corrections", "kind", "agent-held").count()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> pushed.stream().anyMatch(p -> "phone".equals(
                p.getString("type")) && "2001".equals(p.getString("agentId")) && !p.getBoolean("registered")));
        assertThat(center.phoneStates().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasValueSatisfying(phones -> assertThat(phones).doesNotContain("2001"));

        // and back: the next snapshot has it connected again and the phone registered
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("c7", CallState.CONNECTED, "sales", "2001",
                "2001", CALLER, now() - 30_000, now() - 20_000, null)), List.of(new Snapshot.Registration("2001",
                "sip:2001@127.0.0.1", now() + 60_000)), now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !agents.snapshot("2001").orElseThrow().held());
        assertThat(meters.counter("cti.reconciliation.corrections", "kind", "agent-held").count()).isEqualTo(2.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> pushed.stream().anyMatch(p -> "phone".equals(
                p.getString("type")) && "2001".equals(p.getString("agentId")) && p.getBoolean("registered")));
        // the hold the snapshots showed is in the CDR too
        gateway.send(new CallCleared("c7", ClearCause.CALLER_HANGUP, 1_000, 30_000, now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr("c7").map(c -> c.endedAt().isPresent()).orElse(false));
        assertThat(cdr("c7").orElseThrow().holdTime()).isPositive();
    }
}
