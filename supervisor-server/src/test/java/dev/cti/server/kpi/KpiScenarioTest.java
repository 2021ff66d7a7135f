package dev.cti.server.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.cti.server.events.ServerEvents;
import dev.cti.server.testing.HandClock;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.LinkOptions;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkServer;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.ConfigQueueRules;
import dev.cti.server.call.CallCenter;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted day on the service queue (threshold 20 s, short abandon 5 s, short abandons excluded, abandons
 * in the denominator), driven through the real call center with a clock moved by hand, and every KPI of
 * docs/METRICS.md checked against the hand computation written next to it.
 */
class KpiScenarioTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z"); // 09:00 in Asia/Shanghai
    @TempDir
    Path tmp;

    private final HandClock clock = new HandClock(T0);

    @Test
    void everyKpiMatchesTheHandComputation() throws Exception {
        CtiConfig config = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty()));
        Vertx vertx = Vertx.vertx();
        Vertx peerVertx = Vertx.vertx();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Store store = Store.open(config.storage(), vertx, meters, clock);
        ServerEvents events = new ServerEvents();
        AgentRegistry agents = new AgentRegistry(vertx, vertx.getOrCreateContext(), config,
                new ConfigQueueRules(config), store, events, meters, clock);
        LinkServer link = new LinkServer(vertx, LinkOptions.defaults());
        CallCenter center = new CallCenter(vertx, vertx.getOrCreateContext(), config, agents, store, link::send,
                events, meters, clock);
        link.eventHandler(center::onEvent);
        int port = link.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        center.start();
        try (ScriptedGatewayPeer gw = ScriptedGatewayPeer.connect(peerVertx, "127.0.0.1", port)) {
            gw.handshake("gw", new Snapshot(List.of(), List.of(), T0.toEpochMilli()));
            gw.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, T0.toEpochMilli()));
            at(0);
            fire(agents, AgentEvent.of(AgentEventType.LOGIN, Cause.agent("1001")));
            fire(agents, AgentEvent.of(AgentEventType.SET_READY, Cause.agent("1001")));

            // c1: arrives 0, rings 2..8 (6 s: 2 rings), answered at 8 (in threshold), hold 30..45, ends 68,
            //     wrap-up 68..78.  talk 45, hold 15, wrap-up 10: handle 70.
            gw.send(new CallOffered("c1", "service", "13800000001", "4008001000", "pbx", ms(0)));
            gw.await(DeliverToAgent.class, d -> d.callId().equals("c1"));
            awaitState(agents, AgentState.RESERVED);
            gw.send(new AgentRinging("c1", "1001", "1001", ms(2)));
            at(8);
            gw.send(new CallAnswered("c1", "1001", 6_000, ms(8)));
            awaitState(agents, AgentState.ON_CALL);
            at(30);
            gw.send(new CallHeld("c1", "1001", ms(30)));
            await().until(() -> agents.snapshot("1001").orElseThrow().held());
            at(45);
            gw.send(new CallResumed("c1", "1001", ms(45)));
            await().until(() -> !agents.snapshot("1001").orElseThrow().held());
            at(68);
            gw.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 8_000, 60_000, ms(68)));
            awaitState(agents, AgentState.WRAP_UP);
            at(78);
            fire(agents, AgentEvent.wrapUp(Cause.agent("1001"), "resolved", Optional.empty()));

            // c2: arrives 100, rings 118..130 (12 s: 3 rings), answered at 130 (30 s: outside), ends 190,
            //     wrap-up 190..200.  talk 60, hold 0, wrap-up 10: handle 70.
            at(100);
            gw.send(new CallOffered("c2", "service", "13800000002", "4008001000", "pbx", ms(100)));
            gw.await(DeliverToAgent.class, d -> d.callId().equals("c2"));
            awaitState(agents, AgentState.RESERVED);
            at(130);
            gw.send(new CallAnswered("c2", "1001", 12_000, ms(130)));
            awaitState(agents, AgentState.ON_CALL);
            at(190);
            gw.send(new CallCleared("c2", ClearCause.AGENT_HANGUP, 30_000, 60_000, ms(190)));
            awaitState(agents, AgentState.WRAP_UP);
            at(200);
            fire(agents, AgentEvent.wrapUp(Cause.agent("1001"), "resolved", Optional.empty()));

            // c3: arrives 200, offered to the agent, caller hangs up at 203: a short abandon (3 s).
            gw.send(new CallOffered("c3", "service", "13800000003", "4008001000", "pbx", ms(200)));
            gw.await(DeliverToAgent.class, d -> d.callId().equals("c3"));
            awaitState(agents, AgentState.RESERVED);
            at(203);
            gw.send(new CallCleared("c3", ClearCause.ABANDONED, 3_000, 0, ms(203)));
            awaitState(agents, AgentState.READY);

            // c4: arrives 210, caller hangs up at 250: a long abandon (40 s).
            at(210);
            gw.send(new CallOffered("c4", "service", "13800000004", "4008001000", "pbx", ms(210)));
            gw.await(DeliverToAgent.class, d -> d.callId().equals("c4"));
            awaitState(agents, AgentState.RESERVED);
            at(250);
            gw.send(new CallCleared("c4", ClearCause.ABANDONED, 40_000, 0, ms(250)));
            awaitState(agents, AgentState.READY);

            await().atMost(Duration.ofSeconds(5)).until(() -> center.kpis().figures().get("service").abandoned() == 2
                    && center.kpis().figures().get("service").averageHandleSeconds().isPresent()
                    && center.kpis().figures().get("service").averageHandleSeconds().getAsDouble() > 69);
            center.kpis().publish();
            QueueKpis.Figures f = center.kpis().figures().get("service");
            assertThat(f.offered()).isEqualTo(4);
            assertThat(f.answered()).isEqualTo(2);
            assertThat(f.abandoned()).isEqualTo(2);
            // service level: 1 in threshold / (2 answered + 1 long abandon) — the short abandon is excluded
            assertThat(f.serviceLevel().getAsDouble()).isCloseTo(1.0 / 3, within(1e-9));
            // Asterisk ServicelevelPerf: 1 / 2 answered; Perf2: (1 + c3 abandoned within 20 s) / (2 + 2)
            assertThat(f.serviceLevelAsteriskPerf().getAsDouble()).isCloseTo(0.5, within(1e-9));
            assertThat(f.serviceLevelAsteriskPerf2().getAsDouble()).isCloseTo(0.5, within(1e-9));
            // Amazon Connect: (1 answered + 1 abandoned within 20 s) / 4 queued
            assertThat(f.serviceLevelConnect().getAsDouble()).isCloseTo(0.5, within(1e-9));
            assertThat(f.answerRate().getAsDouble()).isCloseTo(0.5, within(1e-9));
            assertThat(f.abandonRate().getAsDouble()).isCloseTo(0.5, within(1e-9));
            // rings: (2 + 3) / 2
            assertThat(f.averageRings().getAsDouble()).isCloseTo(2.5, within(1e-9));
            // queue time: (8 + 30 + 3 + 40) / 4
            assertThat(f.averageQueueSeconds().getAsDouble()).isCloseTo(20.25, within(1e-9));
            // handle: (45 + 15 + 10 + 60 + 0 + 10) / 2
            assertThat(f.averageHandleSeconds().getAsDouble()).isCloseTo(70.0, within(1e-9));
            // occupancy at 250: busy 0..78, 100..203, 210..250 = 221 s; ready 78..100, 203..210 = 29 s
            assertThat(center.kpis().occupancy().getAsDouble()).isCloseTo(221.0 / 250, within(1e-9));

            assertThat(meters.counter("cti.queue.calls.offered", "queue", "service").count()).isEqualTo(4);
            assertThat(meters.counter("cti.queue.calls.answered.within.threshold", "queue", "service").count())
                    .isEqualTo(1);
            assertThat(meters.counter("cti.queue.calls.abandoned", "queue", "service", "kind", "short").count())
                    .isEqualTo(1);
            assertThat(meters.counter("cti.queue.calls.abandoned", "queue", "service", "kind", "long").count())
                    .isEqualTo(1);
            assertThat(meters.timer("cti.queue.handle.time", "queue", "service").totalTime(TimeUnit.SECONDS))
                    .isCloseTo(140.0, within(1e-6));
            assertThat(meters.summary("cti.queue.answer.rings", "queue", "service").totalAmount()).isEqualTo(5.0);
        } finally {
            center.stop();
            link.close();
            store.close();
            peerVertx.close();
            vertx.close();
        }
    }

    private void at(int seconds) {
        clock.set(T0.plusSeconds(seconds));
    }

    private static long ms(int seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    private static void fire(AgentRegistry agents, AgentEvent e) throws Exception {
        assertThat(agents.fire("1001", e).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .accepted()).as("%s", e).isTrue();
    }

    private static void awaitState(AgentRegistry agents, AgentState s) {
        await().atMost(Duration.ofSeconds(5)).until(() -> agents.snapshot("1001").orElseThrow().state() == s);
    }
}
