package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.EventsApplied;
import dev.cti.link.message.Hello;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Link outage", on the server's side (docs/CTI-LINK.md, "Link outages"): after a reconnection the gateway
 * sends what happened while the link was down, then its snapshot. The server applies those events as history with
 * their own times (a call answered, held, resumed and hung up during the outage gets its CDR with the right outcome,
 * hold and talk time; a call that came and went during it gets its ABANDONED record), routes nothing before the
 * snapshot, applies a repeated event once, and acknowledges each event only once it is applied and stored.
 */
class ReplayedEventsTest extends ScriptedGatewayApiBase {

    @Test
    void eventsOfAnOutageAreAppliedWithTheirTimesBeforeTheSnapshotAndNothingIsRoutedMeanwhile() throws Exception {
        Vertx peer = Vertx.vertx();
        try {
            long startedAt = await().atMost(Duration.ofSeconds(5)).until(() -> server.link().gateway(),
                    Optional::isPresent).orElseThrow().startedAt();
            String t1001 = login("1001", "demo-1001");
            String t1002 = login("1002", "demo-1002");
            long now = System.currentTimeMillis() / 1000 * 1000;
            gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5071", 3600, now));
            ready(t1001, "1001");
            await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.READY);

            // a call offered before the outage, delivered to 1001 (the only READY agent with a phone), ringing
            long t0 = now - 60_000;
            gateway.send(new CallOffered("c-1", "service", "13812345678", "4008001000", "pbx", t0));
            gateway.await(DeliverToAgent.class, d -> d.callId().equals("c-1"));
            gateway.send(new AgentRinging("c-1", "1001", "1001", t0 + 1_000));
            // 1002 is READY with a phone too: a call replayed as queued must not be offered to it
            gateway.send(new PhoneRegistered("1002", "sip:1002@127.0.0.1:5072", 3600, now));
            ready(t1002, "1002");
            await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.READY);

            // the link goes down; on the gateway 1001 answers, holds 15 s, resumes, the caller hangs up after
            // 40 s of talk; another caller comes, waits 10 s and gives up
            gateway.dropConnection();
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.link().connected());
            long answered = t0 + 4_000;
            ScriptedGatewayPeer again = reconnectGateway(peer);
            again.send(new Hello("gw", startedAt)); // the same gateway process
            again.send(new CallAnswered("c-1", "1001", 3_000, answered));
            again.send(new CallHeld("c-1", "1001", answered + 5_000));
            again.send(new CallOffered("c-2", "service", "13912345678", "4008001000", "pbx", answered + 6_000));
            again.send(new CallResumed("c-1", "1001", answered + 20_000));
            again.send(new CallCleared("c-2", ClearCause.ABANDONED, 10_000, 0, answered + 16_000));
            long cleared = again.send(new CallCleared("c-1", ClearCause.CALLER_HANGUP, 1_000, 40_000,
                    answered + 40_000));
            long snapshot = again.send(new Snapshot(List.of(), List.of(
                    new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5071", now + 3_600_000),
                    new Snapshot.Registration("1002", "sip:1002@127.0.0.1:5072", now + 3_600_000)), now));

            CallRecord c1 = await().atMost(Duration.ofSeconds(10)).until(() -> call("c-1"),
                    r -> r.isPresent() && r.get().outcome() != CallRecord.Outcome.IN_PROGRESS).orElseThrow();
            assertThat(c1.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
            assertThat(c1.agentId()).contains("1001");
            assertThat(c1.answeredAt()).contains(Instant.ofEpochMilli(answered));
            assertThat(c1.endedAt()).contains(Instant.ofEpochMilli(answered + 40_000));
            assertThat(c1.holdTime()).as("the hold's own times, not when the events arrived").isEqualTo(Duration.ofSeconds(15));
            assertThat(c1.talkTime()).isEqualTo(Duration.ofSeconds(25));
            assertThat(c1.ringTime()).isEqualTo(Duration.ofSeconds(3));

            CallRecord c2 = await().atMost(Duration.ofSeconds(10)).until(() -> call("c-2"),
                    r -> r.isPresent() && r.get().outcome() != CallRecord.Outcome.IN_PROGRESS).orElseThrow();
            assertThat(c2.outcome()).isEqualTo(CallRecord.Outcome.ABANDONED);
            assertThat(c2.waitTime()).isEqualTo(Duration.ofSeconds(10));
            assertThat(c2.endedAt()).contains(Instant.ofEpochMilli(answered + 16_000));

            await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
            assertThat(again.commands()).as("nothing routed from history").noneMatch(c -> c instanceof DeliverToAgent);
            assertThat(state("1002")).isEqualTo(AgentState.READY);
            // the 10 s hold threshold was crossed during the outage: reported once
            assertThat(server.meters().get("cti.hold.threshold.crossings").tag("threshold", "10").counter().count())
                    .isEqualTo(1.0);
            // everything is acknowledged, up to the snapshot
            again.await(EventsApplied.class, a -> a.upToSeq() == snapshot);

            // the same events again (the acknowledgement was lost with another connection): applied once
            int acks = again.received(EventsApplied.class).size();
            again.send(new Replayed(cleared, new CallCleared("c-1", ClearCause.CALLER_HANGUP, 1_000, 40_000,
                    answered + 40_000)));
            again.awaitCount(EventsApplied.class, acks + 1); // acknowledged all the same (so the gateway forgets it)
            assertThat(again.received(EventsApplied.class).get(acks).upToSeq()).isGreaterThanOrEqualTo(cleared);
            assertThat(server.link().stats().replayDuplicates()).isEqualTo(1);
            // a new call after the snapshot is routed as usual
            again.send(new CallOffered("c-3", "service", "13712345678", "4008001000", "pbx", now));
            assertThat(again.await(DeliverToAgent.class, d -> d.callId().equals("c-3")).agentId()).isEqualTo("1002");
            again.close();
        } finally {
            peer.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRepeatedAnswerOrHoldChangesNothing() throws Exception {
        String t1001 = login("1001", "demo-1001");
        long now = System.currentTimeMillis() / 1000 * 1000;
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5071", 3600, now));
        ready(t1001, "1001");
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.READY);
        gateway.send(new CallOffered("c-1", "service", "13812345678", "4008001000", "pbx", now - 30_000));
        gateway.await(DeliverToAgent.class, d -> d.callId().equals("c-1"));
        // a restarted server applies again what its predecessor had applied but not acknowledged
        for (int i = 0; i < 2; i++) {
            gateway.send(new CallAnswered("c-1", "1001", 2_000, now - 20_000));
            gateway.send(new CallHeld("c-1", "1001", now - 15_000));
        }
        gateway.send(new CallResumed("c-1", "1001", now - 10_000));
        gateway.send(new CallResumed("c-1", "1001", now - 5_000));
        gateway.send(new CallCleared("c-1", ClearCause.AGENT_HANGUP, 8_000, 20_000, now));
        CallRecord c1 = await().atMost(Duration.ofSeconds(10)).until(() -> call("c-1"),
                r -> r.isPresent() && r.get().outcome() != CallRecord.Outcome.IN_PROGRESS).orElseThrow();
        assertThat(c1.answeredAt()).contains(Instant.ofEpochMilli(now - 20_000));
        assertThat(c1.holdTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c1.talkTime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(server.meters().get("cti.queue.calls.answered").tag("queue", "service").counter().count())
                .as("answered once").isEqualTo(1.0);
    }

    private Optional<CallRecord> call(String id) throws Exception {
        return server.store().call(id).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
