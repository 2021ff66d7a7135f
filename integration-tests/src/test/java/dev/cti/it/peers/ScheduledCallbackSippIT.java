package dev.cti.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.FollowUpStore.Callback;
import dev.cti.server.store.FollowUpStore.Status;
import dev.cti.server.testing.ShiftableClock;
import dev.cti.testpeers.Sipp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled callback fires at its time to the right agent (issue 17), on the real stack: a customer (13800000002)
 * calls the service hotline and is answered by agent 1001's seat; the agent wraps up with the callback code, a
 * date-time about ten minutes ahead in the site's zone (as the desktop's date-time field gives it) and the number.
 * Only the server's clock is moved (a {@link ShiftableClock}; the gateway, the phones and the link keep real time):
 * before the time the server's tick offers nothing; once the clock is past it the server's own periodic tick rings
 * the agent's phone (the seat answers by itself, the desktop is shown the callback with the number masked), the
 * gateway dials the customer on the trunk, where a sipp UAS answers, and the callback is DONE when the agent hangs
 * up. Second case: the booking agent has logged out by then, so the READY agent 1002 of the queue gets it.
 */
class ScheduledCallbackSippIT {
    private static final Duration T = Duration.ofSeconds(30);
    /** The server ticks its callbacks every 15 s (FollowUps.TICK): one tick and some. */
    private static final Duration TICK = Duration.ofSeconds(40);
    private static final String CUSTOMER = "13800000002";

    @TempDir
    Path dir;
    private final ShiftableClock clock = new ShiftableClock();
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void theCallbackRingsTheBookingAgentAtItsTimeAndTheTrunkAnswers() throws Exception {
        Sipp.require();
        stack = Stack.startWithServerClock(dir, Map.of(), Map.of(), dev.cti.gateway.sip.SipEndpoint.Options.defaults(),
                clock);
        Seat agent = stack.seat("1001", 880, 300);
        Callback booked = bookAfterACall(agent);
        await("1001 ready after its wrap-up").atMost(T).until(() -> stack.agent("1001").state() == AgentState.READY);

        try (Sipp trunk = trunk()) {
            fireWhenDue(booked);
            JsonObject shown = agent.events().await("callback", TICK).getJsonObject("callback");
            assertThat(shown.getString("number")).as("masked on the desktop").isEqualTo("138****0002");
            talkAndHangUp(agent, 1, trunk);
        }
        Callback done = finished(booked);
        assertThat(done.dialledBy()).contains("1001");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(stack.server().meters().scrape()).contains("cti_followup_callbacks_total{event=\"done\"} 1.0");
    }

    @Test
    void theBookingAgentLoggedOutAReadyAgentOfTheQueueGetsIt() throws Exception {
        Sipp.require();
        stack = Stack.startWithServerClock(dir, Map.of(), Map.of(), dev.cti.gateway.sip.SipEndpoint.Options.defaults(),
                clock);
        Seat booking = stack.seat("1001", 880, 300);
        Callback booked = bookAfterACall(booking);
        await("1001 ready after its wrap-up").atMost(T).until(() -> stack.agent("1001").state() == AgentState.READY);
        JsonObject out = booking.run("logout");
        assertThat(out.containsKey("error")).as(out.encode()).isFalse();
        await("1001 logged out").atMost(T).until(() -> stack.agent("1001").state() == AgentState.LOGGED_OUT);
        Seat colleague = stack.seat("1002", 660, 300);
        assertThat(colleague.run("ready").getString("state")).isEqualTo("READY");

        try (Sipp trunk = trunk()) {
            fireWhenDue(booked);
            colleague.events().await("callback", TICK);
            talkAndHangUp(colleague, 0, trunk);
        }
        Callback done = finished(booked);
        assertThat(done.dialledBy()).as("the queue's ready agent").contains("1002");
        assertThat(done.agentId()).as("still the booking agent's").isEqualTo("1001");
        assertThat(booking.events().count("callback")).as("nothing offered to the logged-out agent").isZero();
    }

    /**
     * The customer calls, the seat answers and hangs up, then wraps up with the callback code, a time about ten
     * minutes ahead on the server's clock in the site's zone (minutes only, as the desktop gives it) and the number;
     * returns the callback booked, pending.
     */
    private Callback bookAfterACall(Seat agent) throws Exception {
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        Caller customer = stack.caller(CUSTOMER, 440);
        customer.dial("4008001000");
        agent.events().await("answered", T);
        agent.events().awaitState("ON_CALL", T);
        agent.run("hangup");
        agent.events().awaitState("WRAP_UP", T);

        ZoneId site = ZoneId.of(stack.config().site().timeZone());
        LocalDateTime at = LocalDateTime.ofInstant(clock.instant().plus(Duration.ofMinutes(10)), site)
                .truncatedTo(ChronoUnit.MINUTES);
        JsonObject r = agent.run("callback-wrapup callback-booked " + at + " " + CUSTOMER);
        assertThat(r.containsKey("error")).as(r.encode()).isFalse();
        List<Callback> open = stack.server().followUps().callbacks().openNow();
        assertThat(open).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Status.PENDING);
            assertThat(c.agentId()).isEqualTo(agent.agentId());
            assertThat(c.number()).isEqualTo(CUSTOMER);
            assertThat(c.dueAt()).isEqualTo(at.atZone(site).toInstant());
            assertThat(c.queueId()).contains("service");
        });
        return open.get(0);
    }

    /** Nothing is offered before the time; then the server's clock is moved a second past it. */
    private void fireWhenDue(Callback booked) throws Exception {
        clock.advance(Duration.between(clock.instant(), booked.dueAt()).minusSeconds(5));
        get(stack.server().followUps().tick());
        assertThat(stack.server().followUps().callbacks().openNow()).singleElement()
                .extracting(Callback::status).as("five seconds early").isEqualTo(Status.PENDING);
        clock.advance(Duration.ofSeconds(6));
    }

    /**
     * The agent's phone (which had answered {@code before} calls) answered the ring, the trunk's sipp UAS answered as
     * the customer; the agent hangs up.
     */
    private static void talkAndHangUp(Seat agent, int before, Sipp trunk) throws Exception {
        await("the agent's phone answered the callback").atMost(T)
                .until(() -> agent.events().count("answered") >= before + 1);
        await("the agent on the callback").atMost(T)
                .until(() -> agent.events().states().stream().filter("ON_CALL"::equals).count() >= before + 1);
        Thread.sleep(1000); // the customer talks
        agent.run("hangup");
        trunk.assertPassed(T); // the customer's number was dialled on the trunk, answered, then hung up
    }

    /** The callback's stored row once it is no longer open. */
    private Callback finished(Callback booked) throws Exception {
        await("the callback done").atMost(T).until(() -> stack.server().followUps().callbacks().openNow().isEmpty());
        Callback stored = get(stack.server().followUps().rows().recentCallbacks(5)).stream()
                .filter(c -> c.id() == booked.id()).findFirst().orElseThrow();
        assertThat(stored.status()).isEqualTo(Status.DONE);
        return stored;
    }

    /** The PBX side: a sipp UAS on the trunk's port answering the gateway's INVITE for the customer's number. */
    private Sipp trunk() {
        return Sipp.scenario("/peers/sipp/trunk-answer-callback.xml").workDir(dir.resolve("trunk"))
                .localPort(stack.config().trunks().get(0).port()).timeout(Duration.ofSeconds(120)).start();
    }

    private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
