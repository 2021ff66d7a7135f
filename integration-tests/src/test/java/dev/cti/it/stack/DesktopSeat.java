package dev.cti.it.stack;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.desktop.DesktopServer;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An agent seat of the {@link Stack} with its desktop page served, as {@code bin/cti agent} runs it: the softphone
 * registered at the gateway, logged in to the server with the demo password, and {@link DesktopServer} on a free
 * loopback port for a browser ({@link #url()}). Returns once registered, logged in and its event socket is open.
 */
public record DesktopSeat(AgentSeat seat, DesktopServer desktop, Events events) implements AutoCloseable {
    private static final Duration T = Duration.ofSeconds(20);

    public static DesktopSeat start(Stack stack, String agentId, Vertx vertx, ScheduledExecutorService ticker,
                                    AudioSpec audio, long autoAnswerMs) throws Exception {
        CtiConfig config = stack.config();
        AgentConfig a = config.agent(agentId).orElseThrow();
        Events events = new Events();
        EventOutput output = new EventOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        PhoneSettings phone = new PhoneSettings(a.extension(), a.sipPassword(), config.network().sip().domain(),
                "127.0.0.1", config.network().sip().udpPort(), "127.0.0.1", 300);
        AgentSeat seat = new AgentSeat(new AgentSeat.Settings(agentId, phone,
                URI.create("http://127.0.0.1:" + config.network().server().httpPort()), agentId, "demo-" + agentId,
                autoAnswerMs, audio), vertx, ticker, Clock.systemUTC(), e -> {
                    events.accept(e);
                    output.accept(e);
                });
        DesktopServer desktop = new DesktopServer(vertx, seat, output,
                new JsonObject().put("agent", agentId).put("name", a.name()));
        DesktopSeat d = new DesktopSeat(seat, desktop, events);
        try {
            desktop.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            seat.start().get(30, TimeUnit.SECONDS);
            events.await("registered", T);
            events.await("server-connected", T);
            org.awaitility.Awaitility.await(agentId + " registered at the gateway").atMost(T)
                    .until(() -> stack.server().calls().registeredExtensions().toCompletionStage().toCompletableFuture()
                            .get(5, TimeUnit.SECONDS).contains(a.extension()));
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** The desktop page's address, its token included. */
    public String url() {
        return desktop.url();
    }

    @Override
    public void close() {
        desktop.close();
        seat.close();
    }
}
