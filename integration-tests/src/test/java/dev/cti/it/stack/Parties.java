package dev.cti.it.stack;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The people around a running system, whether it runs in this JVM ({@link Stack}) or as processes (the chaos run):
 * headless agent seats ({@link AgentSeat}) that register with the gateway and log in to the server, and customers
 * ({@link Caller}) that call in through the trunk, all on 127.0.0.1 and the ports of {@code config}.
 */
public final class Parties implements AutoCloseable {
    private final Path dir;
    private final CtiConfig config;
    private final Clock clock;
    private final Vertx seatVertx = Vertx.vertx();
    private final ScheduledExecutorService ticker;
    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();

    /** {@code tickerThreads}: the media clock of every phone; 2 for a few parties, more for a load. */
    public Parties(Path dir, CtiConfig config, Clock clock, int tickerThreads) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.ticker = Executors.newScheduledThreadPool(tickerThreads);
    }

    /**
     * A seat for the configured agent {@code agentId} worked by {@code username}: softphone registered at the gateway
     * (SIP credentials from people.yaml), logged in to the server with {@code password}, sending {@code tone:HZ} and
     * recording what it hears to {@code agent-<id>.wav}. Returns once it is registered and its event socket is open.
     */
    public Seat seat(String agentId, String username, String password, double toneHz, long autoAnswerMs)
            throws Exception {
        AgentConfig a = config.agent(agentId).orElseThrow();
        Path wav = dir.resolve("agent-" + agentId + ".wav");
        PhoneSettings phone = new PhoneSettings(a.extension(), a.sipPassword(), config.network().sip().domain(),
                "127.0.0.1", config.network().sip().udpPort(), "127.0.0.1", 300);
        Events events = new Events();
        AgentSeat seat = new AgentSeat(new AgentSeat.Settings(agentId, phone,
                URI.create("http://127.0.0.1:" + config.network().server().httpPort()), username, password,
                autoAnswerMs, new AudioSpec("tone:" + toneHz, wav.toString())), seatVertx, ticker, clock, events);
        started.add(seat);
        seat.start().get(30, TimeUnit.SECONDS);
        events.await("registered", Duration.ofSeconds(15));
        events.await("server-connected", Duration.ofSeconds(15));
        return new Seat(agentId, seat, events, wav);
    }

    /** A customer on the PBX side, ready to dial a queue number through the trunk. */
    public Caller caller(String callerNumber, double toneHz) throws Exception {
        Caller c = Caller.start(config, callerNumber, toneHz, clock, ticker);
        started.add(c);
        return c;
    }

    /** Closes one party started here and lets it go (a long run replaces its callers to bound their recordings). */
    public void release(AutoCloseable party) throws Exception {
        started.remove(party);
        party.close();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable p : started) {
            try {
                p.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        ticker.shutdownNow();
        seatVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
