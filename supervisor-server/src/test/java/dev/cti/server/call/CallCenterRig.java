package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.LinkOptions;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkServer;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.ConfigQueueRules;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.store.Store;
import dev.cti.server.testing.ScriptedServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The call center in-process, without HTTP: real agent machines, a real link server, the embedded store under a
 * given directory, the shipped configuration, and a scripted gateway connected and handshaken on the link. The
 * set-up of the call center's own tests, which look at its parts (agents, store, meters) directly.
 */
final class CallCenterRig implements AutoCloseable {
    final Vertx vertx;
    final Store store;
    final AgentRegistry agents;
    final CallCenter center;
    final ScriptedGatewayPeer gateway;
    final SimpleMeterRegistry meters;
    private final LinkServer link;
    private final Vertx peerVertx;

    private CallCenterRig(Vertx vertx, Store store, AgentRegistry agents, CallCenter center, LinkServer link,
                          Vertx peerVertx, ScriptedGatewayPeer gateway, SimpleMeterRegistry meters) {
        this.vertx = vertx;
        this.store = store;
        this.agents = agents;
        this.center = center;
        this.link = link;
        this.peerVertx = peerVertx;
        this.gateway = gateway;
        this.meters = meters;
    }

    /**
     * @param beforeStart runs with the new Vert.x and the server's events before the call center starts (to listen
     *                    to its pushes from the first event on)
     */
    static CallCenterRig start(Path dataDir, Clock clock, BiConsumer<Vertx, ServerEvents> beforeStart)
            throws Exception {
        return start(dataDir, clock, c -> c, beforeStart);
    }

    /** Same, on the shipped configuration as {@code tweak} changes it. */
    static CallCenterRig start(Path dataDir, Clock clock, java.util.function.UnaryOperator<CtiConfig> tweak,
                               BiConsumer<Vertx, ServerEvents> beforeStart) throws Exception {
        CtiConfig config = tweak.apply(ScriptedServer.shipped()).withStorage(new StorageConfig(dataDir.toString(), Optional.empty(),
                Optional.empty(), Optional.empty()));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Vertx vertx = Vertx.vertx();
        Store store = Store.open(config.storage(), vertx, meters, clock);
        ServerEvents events = new ServerEvents();
        store.alerts().publishTo(events);
        AgentRegistry agents = new AgentRegistry(vertx, vertx.getOrCreateContext(), config,
                new ConfigQueueRules(config), store, events, meters, clock);
        LinkServer link = new LinkServer(vertx, LinkOptions.defaults());
        CallCenter center = new CallCenter(vertx, vertx.getOrCreateContext(), config, agents, store, link::send,
                events, meters, clock);
        link.eventHandler(center::onEvent);
        int port = link.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        beforeStart.accept(vertx, events);
        center.start();
        Vertx peerVertx = Vertx.vertx();
        ScriptedGatewayPeer gateway = ScriptedGatewayPeer.connect(peerVertx, "127.0.0.1", port);
        gateway.handshake("gw-test", new Snapshot(List.of(), List.of(), clock.millis()));
        return new CallCenterRig(vertx, store, agents, center, link, peerVertx, gateway, meters);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        center.stop();
        link.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        peerVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
