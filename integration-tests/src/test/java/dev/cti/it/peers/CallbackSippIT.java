package dev.cti.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.store.CallRecord;
import dev.cti.testpeers.Sipp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback that keeps its place (issue 17) on the real stack: three sipp callers A, B, C call the service queue in
 * that order with agent 1001 not ready; B hears the callback offer in an announcement, presses 1, confirms the caller-ID
 * number (1, #) as RFC 4733 events, hears the confirmation and is hung up by the gateway. C's position then still
 * counts B (3: A, B's callback, C). The agent becomes ready: A is delivered first; after A, the gateway dials B's
 * number through the agent (the agent's phone rings first, the desktop shows the callback with the number masked) and
 * a sipp UAS on the trunk answers as B; then C. The callback's own figures move in /metrics. Announcements come every
 * 2 s and the offer after 3 s of waiting (queues.yaml edited), RTP inactivity is raised (the sipp callers send none but
 * their keys).
 */
class CallbackSippIT {
    private static final Duration T = Duration.ofSeconds(30);
    private static final Map<String, String> QUICK = Map.of(
            "announceEverySeconds: 30", "announceEverySeconds: 2",
            "callback: { afterSeconds: 60, aboveWaitSeconds: 240 }", "callback: { afterSeconds: 3, aboveWaitSeconds: 0 }",
            "wrapUpSeconds: 30", "wrapUpSeconds: 1",
            "wrapUpCodeRequired: true", "wrapUpCodeRequired: false");

    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void bLeavesACallbackThatKeepsItsPlaceBetweenAAndC() throws Exception {
        Sipp.require();
        stack = Stack.start(dir, QUICK, Map.of("inactivitySeconds: 30", "inactivitySeconds: 120"),
                dev.cti.gateway.sip.SipEndpoint.Options.defaults());
        Seat agent = stack.seat("1001", 880, 800);
        int trunkPort = stack.config().trunks().get(0).port();

        try (Sipp a = caller("a", "/peers/sipp/caller-awaits-bye.xml", "13800000001");
             Sipp b = callerAfter(1, "b", "/peers/sipp/caller-callback-keys.xml", "13800000002");
             Sipp c = callerAfter(2, "c", "/peers/sipp/caller-awaits-bye.xml", "13800000003");
             Sipp trunk = Sipp.scenario("/peers/sipp/trunk-answer-callback.xml").workDir(dir.resolve("trunk"))
                     .localPort(trunkPort).timeout(Duration.ofSeconds(110)).start()) {
            await().atMost(T).until(() -> calls().size() == 3);
            String bCall = calls().stream().map(JsonObject.class::cast)
                    .filter(x -> "138****0002".equals(x.getString("caller"))).findFirst().orElseThrow().getString("id");
            b.assertPassed(Duration.ofSeconds(60)); // offer, 1, 1 #, confirmation, the gateway's BYE
            CallRecord bCdr = await().atMost(T).until(() -> cdr(bCall), r -> r.isPresent()
                    && r.get().endedAt().isPresent()).orElseThrow();
            assertThat(bCdr.outcome()).isEqualTo(CallRecord.Outcome.CALLBACK);
            assertThat(position("138****0003")).as("C counts B's callback").contains(3);
            assertThat(position("138****0001")).contains(1);
            assertThat(metrics()).contains("cti_queue_callbacks_total{event=\"requested\",queue=\"service\"} 1.0");

            assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
            String first = agent.events().await("script", T).getString("callId");
            agent.events().await("answered", T);
            assertThat(cdr(first).orElseThrow().callerNumber()).as("A first").contains("13800000001");
            agent.run("hangup");
            a.assertPassed(T);

            JsonObject shown = agent.events().await("callback", T).getJsonObject("callback");
            assertThat(shown.getString("number")).as("masked on the desktop").isEqualTo("138****0002");
            assertThat(shown.getString("phrase")).isNotBlank();
            awaitCount(agent, "answered", 2, T);
            await().atMost(T).until(() -> agent.events().states().stream().filter("ON_CALL"::equals).count() == 2);
            Thread.sleep(1000); // the customer talks (the sipp UAS answered as B)
            agent.run("hangup");
            trunk.assertPassed(T); // B's number was dialled through the trunk, answered, then hung up
            await().atMost(T).until(() -> metrics().contains("cti_queue_callbacks_total{event=\"completed\""));

            agent.events().awaitState("WRAP_UP", T);
            agent.run("ready");
            await().atMost(T).until(() -> position("138****0003").isEmpty());
            awaitCount(agent, "script", 3, T); // A's, the callback's, then C's
            awaitCount(agent, "answered", 3, T);
            agent.run("hangup");
            c.assertPassed(T);
        }
        assertThat(metrics()).contains("cti_queue_callbacks_total{event=\"completed\",queue=\"service\"} 1.0")
                .contains("cti_queue_callback_time_seconds_count{queue=\"service\"} 1");
    }

    /** Waits until the seat has seen {@code n} events named {@code name}. */
    private static void awaitCount(Seat seat, String name, long n, Duration timeout) {
        await(name + " x" + n).atMost(timeout).until(() -> seat.events().count(name) >= n);
    }

    private Sipp caller(String name, String scenario, String number) {
        return Sipp.scenario(scenario).workDir(dir.resolve("sipp-" + name))
                .remote("127.0.0.1:" + stack.config().network().sip().udpPort())
                .args("-s", "4008001000", "-key", "caller", number).timeout(Duration.ofSeconds(110)).start();
    }

    /** The next caller, once the {@code before} callers before it wait (the order of arrival is the test's point). */
    private Sipp callerAfter(int before, String name, String scenario, String number) throws Exception {
        await().atMost(T).until(() -> calls().size() >= before);
        return caller(name, scenario, number);
    }

    private JsonArray calls() throws Exception {
        return stack.server().calls().callsJson().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The queue position of the live call from this (masked) number; empty when it is not waiting. */
    private Optional<Integer> position(String maskedCaller) throws Exception {
        return calls().stream().map(JsonObject.class::cast).filter(c -> maskedCaller.equals(c.getString("caller")))
                .findFirst().map(c -> c.getInteger("position"));
    }

    private String metrics() {
        return stack.server().meters().scrape();
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return stack.server().store().call(callId).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
