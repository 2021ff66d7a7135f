package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.server.testing.ShiftableClock;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation of click-to-dial calls, whose agent's machine knows them by request id while the gateway's
 * snapshot names them by call id: an agent on a live outbound call is left alone, an Originate the gateway never
 * reported is given {@link OutboundDialer#PENDING_GRACE} (on an injected clock) before the agent is freed and the
 * attempt recorded as failed, and a connected call the gateway no longer has ends the agent's call.
 */
class OutboundReconcileTest {
    private static final String NUMBER = "13912345678";

    @TempDir
    Path tmp;

    private final ShiftableClock clock = new ShiftableClock();
    private CallCenterRig rig;
    private SimpleMeterRegistry meters;
    private Store store;
    private AgentRegistry agents;
    private ScriptedGatewayPeer gateway;

    @BeforeEach
    void start() throws Exception {
        rig = CallCenterRig.start(tmp.resolve("data"), clock, (vertx, events) -> { });
        meters = rig.meters;
        store = rig.store;
        agents = rig.agents;
        gateway = rig.gateway;
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now()));
        fire(AgentEvent.of(AgentEventType.LOGIN, Cause.agent("1001")));
        fire(AgentEvent.of(AgentEventType.SET_READY, Cause.agent("1001")));
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private long now() {
        return clock.millis();
    }

    private void fire(AgentEvent e) throws Exception {
        assertThat(agents.fire("1001", e).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .accepted()).as("%s accepted", e).isTrue();
    }

    private AgentState state() {
        return agents.snapshot("1001").orElseThrow().state();
    }

    private String dial() throws Exception {
        String requestId = rig.center.dial("1001", NUMBER, Cause.agent("1001")).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        gateway.await(Originate.class);
        assertThat(state()).isEqualTo(AgentState.DIALING);
        return requestId;
    }

    private Snapshot snapshot(Snapshot.CallSnapshot... calls) {
        return new Snapshot(List.of(calls), List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099",
                now() + 3_600_000)), now());
    }

    private double corrections(String kind) {
        return meters.counter("cti.reconciliation.corrections", "kind", kind).count();
    }

    @Test
    void anOriginateTheGatewayNeverReportedFreesTheAgentOnlyAfterTheGrace() throws Exception {
        String requestId = dial();
        gateway.send(snapshot());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.DIALING);

        clock.advance(OutboundDialer.PENDING_GRACE.plusSeconds(1));
        gateway.send(snapshot());
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.READY);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.call(requestId).toCompletionStage()
                .toCompletableFuture().get().map(c -> c.outcome() == CallRecord.Outcome.FAILED).orElse(false));
        assertThat(corrections("dial-gone")).isEqualTo(1.0);
        assertThat(corrections("agent-freed")).isZero();
    }

    @Test
    void aConnectedOutboundCallIsKeptWhileListedAndEndedWhenGone() throws Exception {
        String requestId = dial();
        long at = now();
        gateway.send(new OriginateProgress(requestId, "gw-1", OriginateState.AGENT_RINGING, at));
        gateway.send(new OriginateProgress(requestId, "gw-1", OriginateState.CONNECTED, at + 2000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.ON_CALL);

        gateway.send(snapshot(new Snapshot.CallSnapshot("gw-1", dev.cti.link.message.CallState.CONNECTED, null,
                "1001", "1001", NUMBER, at, at + 2000, null)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.ON_CALL);
        assertThat(corrections("agent-freed")).as("the request id is not the gateway's call id").isZero();

        gateway.send(snapshot());
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.call("gw-1").toCompletionStage()
                .toCompletableFuture().get().map(c -> c.outcome() == CallRecord.Outcome.ANSWERED).orElse(false));
        assertThat(corrections("dial-gone")).isEqualTo(1.0);
    }
}
