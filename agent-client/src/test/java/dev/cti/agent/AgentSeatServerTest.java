package dev.cti.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.phone.CallState;
import dev.cti.agent.testkit.EventLog;
import dev.cti.agent.testkit.RtpPeer;
import dev.cti.agent.testkit.Sipp;
import dev.cti.agent.testkit.Servers;
import dev.cti.server.ServerMain;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seat against the real supervisor server (ServerMain on conf/ with free ports): login, agent-state commands over
 * REST, state pushes over the WebSocket, refusals passed on, and the event socket coming back after a server restart.
 */
class AgentSeatServerTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final EventLog events = new EventLog();
    private DatagramSocket deadGateway;
    private ServerMain.Running server;
    private AgentSeat seat;

    @AfterEach
    void stop() throws Exception {
        if (seat != null) seat.close();
        if (server != null) server.close();
        if (deadGateway != null) deadGateway.close();
        ticker.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private AgentSeat seat(int httpPort, String password) throws Exception {
        return seat(httpPort, password, -1);
    }

    private AgentSeat seat(int httpPort, String password, long autoAnswerMs) throws Exception {
        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        PhoneSettings phone = new PhoneSettings("1001", "demo-sip-1001", "cti.local", "127.0.0.1",
                deadGateway.getLocalPort(), "127.0.0.1", 300);
        return new AgentSeat(new AgentSeat.Settings("1001", phone, URI.create("http://127.0.0.1:" + httpPort), "1001",
                password, autoAnswerMs, new AudioSpec("tone:880", "discard")), vertx, ticker, Clock.systemUTC(), events);
    }

    /** A seat whose server is {@code url}, trusting {@code ca} (empty: the JVM's public CAs). */
    private AgentSeat seat(URI url, java.util.Optional<Path> ca) throws Exception {
        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        PhoneSettings phone = new PhoneSettings("1001", "demo-sip-1001", "cti.local", "127.0.0.1",
                deadGateway.getLocalPort(), "127.0.0.1", 300);
        return new AgentSeat(new AgentSeat.Settings("1001", phone, url, "1001", "demo-1001", -1,
                new AudioSpec("tone:880", "discard"), ca), vertx, ticker, Clock.systemUTC(), events);
    }

    @Test
    void overHttpsTheSeatTrustsTheGeneratedCaAndRefusesTheServerWithoutIt() throws Exception {
        server = Servers.start(Servers.config(dir.resolve("data"), 0));
        URI https = URI.create("https://127.0.0.1:" + server.httpsPort());

        AgentSeat untrusting = seat(https, java.util.Optional.empty());
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.start().get(20, TimeUnit.SECONDS))
                    .hasStackTraceContaining("SSLHandshakeException");
            assertThat(events.all()).noneMatch(e -> "logged-in".equals(e.getString("event")));
        } finally {
            untrusting.close();
            deadGateway.close();
        }

        seat = seat(https, server.httpsCa());
        seat.start().get(20, TimeUnit.SECONDS);
        assertThat(events.await("logged-in", Duration.ofSeconds(5)).getString("state")).isEqualTo("NOT_READY");
        events.await("server-connected", Duration.ofSeconds(10)); // the push socket, over wss
        assertThat(run("ready").getString("state")).isEqualTo("READY");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.all().stream()
                .anyMatch(e -> "state".equals(e.getString("event")) && "READY".equals(e.getString("state"))));
    }

    private JsonObject run(String line) throws Exception {
        return seat.execute(line).get(10, TimeUnit.SECONDS);
    }

    @Test
    void reportsTheStepsAndPhrasesItShowedForTheAgentsCall() throws Exception {
        server = Servers.start(Servers.config(dir.resolve("data"), 0));
        seat = seat(server.httpPort(), "demo-1001");
        seat.start().get(20, TimeUnit.SECONDS);
        assertThat(run("ready").getString("state")).isEqualTo("READY");
        JsonObject noCall = run("shown phrase before-hold");
        assertThat(noCall.getString("event")).isEqualTo("error");
        assertThat(noCall.getString("code")).isEqualTo("no_call");
        assertThat(run("shown words before-hold").getString("message")).contains("step, phrase or prompt");
        assertThat(run("shown phrase").getString("message")).isEqualTo("usage: shown step|phrase|prompt ID");

        // a call of the service line is offered to the agent (as the ACD does): the queue's script applies
        server.agents().fire("1001", dev.cti.server.agent.AgentEvent.offered("call-qa", "service"))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(run("shown phrase before-hold").getString("event")).isEqualTo("ok");
        assertThat(run("shown step check").getString("event")).isEqualTo("ok");
        JsonObject unknown = run("shown phrase sing-a-song");
        assertThat(unknown.getString("code")).isEqualTo("unknown_step");
        server.store().recordCall(new dev.cti.server.store.CallRecord("call-qa",
                dev.cti.server.store.CallRecord.Direction.INBOUND, java.util.Optional.of("service"),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of("1001"),
                dev.cti.server.store.CallRecord.Outcome.IN_PROGRESS, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, java.util.Optional.empty(), java.util.Optional.empty(),
                java.time.Instant.now(), java.util.Optional.empty(), java.util.Optional.empty()))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        var history = server.qa().service().callHistory().history("call-qa").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(history.scripts()).extracting(e -> e.kind() + ":" + e.scriptId() + ":" + e.id().orElseThrow())
                .containsExactly("phrase:service-inbound:before-hold", "step:service-inbound:check");
    }

    @Test
    void consultCommandsGoToTheAgentsCallOnTheServer() throws Exception {
        server = Servers.start(Servers.config(dir.resolve("data"), 0));
        seat = seat(server.httpPort(), "demo-1001");
        seat.start().get(20, TimeUnit.SECONDS);
        assertThat(run("ready").getString("state")).isEqualTo("READY");
        assertThat(run("consult agent 1002").getString("code")).isEqualTo("no_call");
        assertThat(run("consult queue sales").getString("code")).as("a queue is a target").isEqualTo("no_call");
        assertThat(run("consult team sales").getString("message")).contains("agent, number or queue");
        assertThat(run("consult agent").getString("message")).isEqualTo("usage: consult agent|number|queue TARGET");
        // a call the gateway never reported is given to the agent: the seat names it, the server does not know it
        server.agents().fire("1001", dev.cti.server.agent.AgentEvent.offered("call-c", "service"))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> "unknown_call".equals(run("consult number 4008009000").getString("code")));
        for (String line : new String[] {"consult-complete", "consult-cancel", "consult-return", "conference"}) {
            JsonObject r = run(line);
            assertThat(r.getString("event")).as(line).isEqualTo("error");
            assertThat(r.getInteger("status")).as(line).isEqualTo(404);
        }
    }

    @Test
    void logsInSetsStatesFollowsPushesAndPassesRefusalsOn() throws Exception {
        server = Servers.start(Servers.config(dir.resolve("data"), 0));
        seat = seat(server.httpPort(), "demo-1001");
        seat.start().get(20, TimeUnit.SECONDS);
        assertThat(events.await("logged-in", Duration.ofSeconds(5)).getString("state")).isEqualTo("NOT_READY");
        events.await("server-connected", Duration.ofSeconds(10));

        JsonObject ready = run("ready");
        assertThat(ready.getString("event")).isEqualTo("ok");
        assertThat(ready.getString("state")).isEqualTo("READY");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.all().stream()
                .anyMatch(e -> "state".equals(e.getString("event")) && "READY".equals(e.getString("state"))));

        JsonObject nr = run("not-ready meal");
        assertThat(nr.getString("state")).isEqualTo("NOT_READY");
        assertThat(nr.getString("reason")).isEqualTo("meal");

        JsonObject unknown = run("not-ready napping");
        assertThat(unknown.getString("event")).isEqualTo("error");
        assertThat(unknown.getInteger("status")).isEqualTo(400);
        assertThat(unknown.getString("code")).isEqualTo("unknown_reason");

        JsonObject wrap = run("wrapup resolved 客户问题已解决");
        assertThat(wrap.getString("event")).isEqualTo("error");
        assertThat(wrap.getInteger("status")).isEqualTo(409);

        JsonObject out = run("logout");
        assertThat(out.getString("state")).isEqualTo("LOGGED_OUT");
    }

    @Test
    void wrongPasswordFailsTheStartClearly() throws Exception {
        server = Servers.start(Servers.config(dir.resolve("data"), 0));
        seat = seat(server.httpPort(), "not-it");
        var start = seat.start();
        await().atMost(Duration.ofSeconds(10)).until(start::isDone);
        assertThat(start).isCompletedExceptionally();
        assertThat(run("ready").getString("message")).contains("not logged in");
    }

    @Test
    void eventSocketComesBackAfterAServerRestartWhileTheCallsAudioKeepsFlowing() throws Exception {
        server = Servers.start(Servers.config(dir.resolve("data"), 0));
        int port = server.httpPort();
        seat = seat(port, "demo-1001", 0);
        seat.start().get(20, TimeUnit.SECONDS);
        events.await("server-connected", Duration.ofSeconds(10));
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("caller-waits-for-bye.xml", "127.0.0.1:" + seat.phone().sipPort(),
                     Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            events.await("answered", Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.audioFrames() > 10);

            server.close();
            server = null;
            events.await("server-disconnected", Duration.ofSeconds(10));
            int framesWhileDown = peer.audioFrames();
            await().atMost(Duration.ofSeconds(3)).until(() -> peer.audioFrames() > framesWhileDown + 25); // 0.5 s more
            assertThat(seat.phone().state()).isEqualTo(CallState.CONNECTED);

            server = Servers.start(Servers.config(dir.resolve("data"), port)); // same address and database: the session holds
            await().atMost(Duration.ofSeconds(30)).until(() -> events.count("server-connected") >= 2);
            assertThat(seat.server().eventsConnected()).isTrue();

            assertThat(run("hangup").getString("event")).isEqualTo("ok");
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).isZero();
        }
    }
}
