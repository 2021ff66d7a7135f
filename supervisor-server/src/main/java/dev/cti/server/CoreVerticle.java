package dev.cti.server;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.link.LinkOptions;
import dev.cti.link.net.LinkServer;
import dev.cti.link.net.LinkTls;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.ConfigQueueRules;
import dev.cti.server.call.CallCenter;
import dev.cti.server.call.LinkMeters;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.qa.QaModule;
import dev.cti.server.recording.RecordingIndex;
import dev.cti.server.recording.Recordings;
import dev.cti.server.report.Reports;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The server's core: one verticle whose one event-loop context runs the agent registry (every agent's state machine
 * and timers), the call center (ACD, dispatcher, call lifecycle, reconciliation, monitors, click-to-dial), the
 * recording index and the CTI link to the gateway. {@link #start()} creates them all on that context, so none of
 * them needs a lock: the link's connection, its events, the call center's handling of them, the agents' commits and
 * the recording events all run as tasks on this one thread, in order.
 *
 * <p>Everything else reaches the core through this context: the HTTP API's handlers (on the HTTP verticle's context)
 * call methods that hop onto it and answer with futures ({@code CallCenter#callsJson}, {@code AgentRegistry#fire},
 * {@code Monitors#reserve}, {@code LinkServer#send}...), or read the immutable snapshots the core publishes
 * ({@code AgentRegistry#snapshots}). The core tells the rest of the server what changed through the typed
 * {@link ServerEvents} (delivered on each subscriber's own context). See docs/API.md, "Server structure".
 */
public final class CoreVerticle extends VerticleBase {
    private final CtiConfig config;
    private final Store store;
    private final ServerEvents events;
    private final LinkTls linkTls;
    private final Reports reports;
    private final QaModule qa;
    private final MeterRegistry meters;
    private final Clock clock;
    private AgentRegistry agents;
    private CallCenter calls;
    private Recordings recordings;
    private LinkServer link;
    private int linkPort;

    /**
     * @param reports told when the gateway's link goes up and down; today's figures come from its intervals
     * @param qa      told the call ids of click-to-dial calls (their evaluations are found under either id)
     */
    public CoreVerticle(CtiConfig config, Store store, ServerEvents events, LinkTls linkTls, Reports reports,
                        QaModule qa, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.store = store;
        this.events = events;
        this.linkTls = linkTls;
        this.reports = reports;
        this.qa = qa;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * On the core's context: creates the registry, the call center, the recording index and the link, puts agents and
     * the last run's calls back from the records, then listens for the gateway. Completes once the link listens.
     */
    @Override
    public Future<?> start() {
        checkOnCore();
        agents = new AgentRegistry(vertx, context, config, new ConfigQueueRules(config), store, events, meters, clock);
        // created here, the link server captures this context: its connection and events run on the core's thread
        link = new LinkServer(vertx, LinkOptions.defaults(), linkTls);
        calls = new CallCenter(vertx, context, config, agents, store, link::send, events, meters, clock);
        // recording events are applied in order with the call events, on this same context
        recordings = Recordings.create(vertx, context, config, store, link::send, calls::agentOf, events, meters,
                clock);
        link.eventHandler((seq, event) -> {
            recordings.onEvent(seq, event);
            if (!RecordingIndex.owns(event)) {
                calls.onEvent(seq, event);
            }
        }).connectedHandler(hello -> {
            calls.onGatewayConnected();
            reports.links().up(hello.gatewayId(), Instant.ofEpochMilli(hello.startedAt()), clock.instant());
        }).disconnectedHandler(reason -> {
            calls.onGatewayDisconnected(reason);
            reports.links().down(reason, clock.instant());
        })
                // events are acknowledged to the gateway (which then forgets them) once the call center has applied
                // them (this context runs tasks in order) and the store has committed what they asked it to write
                .ackAfter(() -> {
                    Promise<Void> applied = Promise.promise();
                    context.runOnContext(v -> store.barrier().onComplete(applied));
                    return applied.future();
                });
        new LinkMeters(link).bindTo(meters);
        calls.onDialNamed((requestId, callId) -> store.alerts().durably("call_alias", callId,
                () -> qa.service().callHistory().recordAlias(requestId, callId)));
        // today's figures (wallboard, /api/queues, /metrics) are the stored interval rows': a restart changes none
        calls.kpis().useStoredFigures(reports.intervals()::today);
        calls.kpis().publish();
        NetworkConfig.CtiLink linkConfig = config.network().ctiLink();
        // agents and the last run's calls come back from the records before the gateway can connect
        return calls.restoreFromRecords()
                .compose(v -> link.listen(linkConfig.host(), linkConfig.port()))
                .onSuccess(port -> linkPort = port);
    }

    /** Starts the call center's clocks and listeners and the recording retention, once the HTTP API is up. */
    public void startServices() {
        calls.start();
        recordings.start();
    }

    /** The core's context, on which everything it owns runs. */
    public Context coreContext() {
        return Objects.requireNonNull(context, "not deployed");
    }

    public AgentRegistry agents() {
        return agents;
    }

    public CallCenter calls() {
        return calls;
    }

    public Recordings recordings() {
        return recordings;
    }

    public LinkServer link() {
        return link;
    }

    /** The port the CTI link listens on. */
    public int linkPort() {
        return linkPort;
    }

    private void checkOnCore() {
        if (Vertx.currentContext() != context) {
            throw new IllegalStateException("the core must start on its own context");
        }
    }
}
