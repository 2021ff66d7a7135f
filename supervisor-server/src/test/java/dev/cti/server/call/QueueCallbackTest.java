package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.MenuConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.CallInMenu;
import dev.cti.link.message.RouteToQueue;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.Announce;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.followup.FollowUps;
import dev.cti.server.followup.ServerSeats;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.FollowUpStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback that keeps its place (issue 17), the server's side, over a real link, real agent machines, the real
 * store and the real scheduled callbacks, with a scripted gateway: three callers A, B, C wait in the service queue
 * (announcements every second, the callback offered after 2 s) with no agent ready; B presses 1, confirms the
 * caller-ID number (1 then #), hears the confirmation and is hung up: B's entry keeps its place, C's announcements
 * still say 3. The agent becomes ready: A is delivered first, then B's callback is dialled through the agent
 * (Originate to B's number, the desktop's callback offer with the number masked), then C. The callback's figures move,
 * the live calls' do not count B as abandoned.
 */
class QueueCallbackTest {
    private static final String A = "13800000001";
    private static final String B = "13800000002";
    private static final String C = "13800000003";
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private CallCenterRig rig;
    private ScriptedGatewayPeer gateway;
    private CtiConfig config;
    private FollowUps followUps;
    private ServerEvents events;
    private final List<CallPushEvent> pushed = new CopyOnWriteArrayList<>();

    private void start() throws Exception {
        start(Clock.systemUTC(), c -> c);
    }

    /** On the clock given, the main menu as {@code menus} changes it. */
    private void start(Clock clock, java.util.function.UnaryOperator<CtiConfig> menus) throws Exception {
        rig = CallCenterRig.start(tmp.resolve("data"), clock, c -> {
            config = menus.apply(c.withQueues(c.queues().stream().map(q -> q.id().equals("service") ? quick(q) : q)
                    .toList()));
            return config;
        }, (vertx, e) -> {
            events = e;
            e.calls().subscribe(vertx.getOrCreateContext(), pushed::add);
        });
        gateway = rig.gateway;
        followUps = new FollowUps(rig.vertx, config, rig.store, new ServerSeats(config, rig.agents, rig.center), events,
                rig.meters, clock);
        rig.center.onDialEnded((requestId, answered) -> followUps.callbacks().dialEnded(requestId, answered));
        rig.center.useCallbackQueue(followUps.callbacks());
        followUps.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Announcements every second, the callback offered after 2 s; no wrap-up code, 1 s of wrap-up. */
    private static QueueConfig quick(QueueConfig q) {
        return new QueueConfig(q.id(), q.name(), q.numbers(), q.language(), q.serviceLevel(), q.strategy(),
                q.priority(), q.requiredSkills(), q.ringTimeoutSeconds(), 1, false, q.maxWaitSeconds(), q.overflow(),
                new QueueConfig.Prompts(q.prompts().greeting(), q.prompts().music(), 1), q.script(),
                Optional.of(new QueueConfig.CallbackOffer(2, 0)), q.survey());
    }

    @AfterEach
    void stop() throws Exception {
        if (followUps != null) {
            followUps.stop();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theCallbackKeepsItsPlaceBetweenTheCallersAndIsDialledInItsTurn() throws Exception {
        start();
        QueueConfig service = config.queue("service").orElseThrow();
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now()));
        fire("1001", AgentEventType.LOGIN);
        offered("a", A);
        offered("b", B);
        offered("c", C);

        Announce offer = gateway.await(Announce.class, x -> x.callId().equals("b") && x.offersCallback());
        assertThat(offer.position()).isEqualTo(2);
        key("b", '1');
        gateway.await(PlayPrompts.class, p -> p.callId().equals("b")
                && p.prompts().equals(List.of(service.callbackPrompt("number"))));
        key("b", '1');
        key("b", '#');
        PlayPrompts confirmed = gateway.await(PlayPrompts.class, p -> p.callId().equals("b")
                && p.prompts().equals(List.of(service.callbackPrompt("confirmed"))));
        assertThat(gateway.received(HangUp.class)).as("not before the confirmation was heard").isEmpty();
        gateway.send(new PromptsPlayed("b", confirmed.playId(), now()));
        assertThat(gateway.await(HangUp.class).callId()).isEqualTo("b");
        gateway.send(new CallCleared("b", ClearCause.SERVER_HANGUP, 5_000, 0, now()));
        CallRecord cdr = await().atMost(T).until(() -> cdr("b"), r -> r.isPresent() && r.get().endedAt().isPresent())
                .orElseThrow();
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.CALLBACK);

        long seen = announcementsTo("c").size();
        await().atMost(T).until(() -> announcementsTo("c").size() > seen);
        List<Announce> toC = announcementsTo("c");
        assertThat(toC.get(toC.size() - 1).position()).as("C's announcement counts B's callback").isEqualTo(3);
        FollowUpStore.Callback stored = followUps.callbacks().openNow().stream()
                .filter(x -> x.callId().equals("b")).findFirst().orElseThrow();
        assertThat(stored.status()).isEqualTo(FollowUpStore.Status.QUEUED);
        assertThat(stored.number()).isEqualTo(B);
        assertThat(metric("cti.queue.callbacks", "requested")).isEqualTo(1.0);

        fire("1001", AgentEventType.SET_READY);
        assertThat(gateway.await(DeliverToAgent.class).callId()).as("A is served first").isEqualTo("a");
        answerAndEnd("a");

        Originate dial = gateway.await(Originate.class);
        assertThat(dial.number()).as("then B's callback, dialled through the agent").isEqualTo(B);
        assertThat(dial.agentId()).isEqualTo("1001");
        assertThat(gateway.received(DeliverToAgent.class)).as("C waits behind the callback").hasSize(1);
        CallPushEvent.CallbackOffer shown = (CallPushEvent.CallbackOffer) await().atMost(T).until(() -> pushed.stream()
                .filter(p -> p instanceof CallPushEvent.CallbackOffer).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(shown.agent()).isEqualTo("1001");
        assertThat(shown.number()).isEqualTo("138****0002");
        gateway.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.AGENT_RINGING, now()));
        gateway.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.DIALING, now()));
        gateway.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.CONNECTED, now()));
        await().atMost(T).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallCleared("cb-call", ClearCause.CALLER_HANGUP, 0, 3_000, now()));
        await().atMost(T).until(() -> metric("cti.queue.callbacks", "completed") == 1.0);
        assertThat(rig.meters.find("cti.queue.callback.time").tag("queue", "service").timer().count()).isEqualTo(1);
        await().atMost(T).until(() -> state("1001") == AgentState.WRAP_UP);
        fire("1001", AgentEventType.SET_READY);

        assertThat(gateway.await(DeliverToAgent.class, d -> d.callId().equals("c")).agentId()).as("then C")
                .isEqualTo("1001");
        assertThat(rig.meters.find("cti.queue.calls.abandoned").counters()).as("B is no abandoned call")
                .allSatisfy(m -> assertThat(m.count()).isZero());
    }

    @Test
    void aMenuOptionQueuesTheCallerWithTheOfferAtOnce() throws Exception {
        start(at(MONDAY_10), c -> mainMenu(c, MenuConfig.Kind.HANGUP));
        QueueConfig service = config.queue("service").orElseThrow();
        gateway.send(new CallInMenu("m", "main", A, "4008003000", "pbx", now()));
        gateway.await(PlayPrompts.class, p -> p.callId().equals("m"));
        key("m", '0');
        assertThat(gateway.await(RouteToQueue.class).queueId()).isEqualTo("service");
        leavesACallback("m", service, A);
    }

    @Test
    void outsideBusinessHoursTheClosedPromptThenTheQueueWithTheOffer() throws Exception {
        start(at(SATURDAY_10), c -> mainMenu(c, MenuConfig.Kind.CALLBACK));
        QueueConfig service = config.queue("service").orElseThrow();
        MenuConfig main = config.menu("main").orElseThrow();
        gateway.send(new CallInMenu("s", "main", B, "4008003000", "pbx", now()));
        PlayPrompts closed = gateway.await(PlayPrompts.class, p -> p.callId().equals("s"));
        assertThat(closed.prompts()).containsExactly(main.hours().orElseThrow().closedPrompt());
        assertThat(gateway.received(RouteToQueue.class)).as("not before the closed prompt was heard").isEmpty();
        gateway.send(new PromptsPlayed("s", closed.playId(), now()));
        assertThat(gateway.await(RouteToQueue.class).queueId()).isEqualTo("service");
        leavesACallback("s", service, B);
    }

    /** Queued (CallOffered), the caller hears the offer at once, takes it with the caller-ID number and is hung up. */
    private void leavesACallback(String callId, QueueConfig service, String number) throws Exception {
        gateway.send(new CallOffered(callId, "service", number, "4008003000", "pbx", now()));
        gateway.await(PlayPrompts.class, p -> p.callId().equals(callId)
                && p.prompts().equals(List.of(service.callbackPrompt("offer"))));
        key(callId, '1');
        gateway.await(PlayPrompts.class, p -> p.callId().equals(callId)
                && p.prompts().equals(List.of(service.callbackPrompt("number"))));
        key(callId, '#'); // no digits: the caller-ID number
        PlayPrompts confirmed = gateway.await(PlayPrompts.class, p -> p.callId().equals(callId)
                && p.prompts().equals(List.of(service.callbackPrompt("confirmed"))));
        gateway.send(new PromptsPlayed(callId, confirmed.playId(), now()));
        assertThat(gateway.await(HangUp.class).callId()).isEqualTo(callId);
        gateway.send(new CallCleared(callId, ClearCause.SERVER_HANGUP, 3_000, 0, now()));
        await().atMost(T).until(() -> cdr(callId), r -> r.isPresent()
                && r.get().outcome() == CallRecord.Outcome.CALLBACK);
        FollowUpStore.Callback stored = followUps.callbacks().openNow().stream()
                .filter(x -> x.callId().equals(callId)).findFirst().orElseThrow();
        assertThat(stored.status()).isEqualTo(FollowUpStore.Status.QUEUED);
        assertThat(stored.number()).isEqualTo(number);
    }

    /** Monday 4 January 2027, 10:00 in Shanghai: the main menu is open. */
    private static final java.time.Instant MONDAY_10 = java.time.ZonedDateTime.of(2027, 1, 4, 10, 0, 0, 0,
            java.time.ZoneId.of("Asia/Shanghai")).toInstant();
    /** Saturday 9 January 2027, 10:00 in Shanghai: closed. */
    private static final java.time.Instant SATURDAY_10 = MONDAY_10.plus(Duration.ofDays(5));

    /** A clock that reads {@code at} now and then runs. */
    private static Clock at(java.time.Instant at) {
        return Clock.offset(Clock.systemUTC(), Duration.between(java.time.Instant.now(), at));
    }

    /** The main menu with option 0 the callback of the service queue, and the closed action {@code closed}. */
    private static CtiConfig mainMenu(CtiConfig c, MenuConfig.Kind closed) {
        return c.withMenus(c.menus().stream().map(m -> !m.id().equals("main") ? m : new MenuConfig(m.id(), m.numbers(),
                m.language(), m.prompt(), m.timeoutSeconds(), m.retries(), m.invalidPrompt(), m.timeoutPrompt(),
                m.goodbyePrompt(), m.options().stream().map(o -> o.digit() != '0' ? o : new MenuConfig.Option('0',
                        new MenuConfig.Action(MenuConfig.Kind.CALLBACK, "service"))).toList(), m.fallback(),
                m.hours().map(h -> new dev.cti.config.BusinessHours(h.periods(), h.closedPrompt(),
                        closed == MenuConfig.Kind.CALLBACK ? new MenuConfig.Action(MenuConfig.Kind.CALLBACK, "service")
                                : h.closedAction())))).toList());
    }

    private List<Announce> announcementsTo(String callId) {
        return gateway.received(Announce.class).stream().filter(x -> x.callId().equals(callId)).toList();
    }

    private void answerAndEnd(String callId) throws Exception {
        gateway.send(new AgentRinging(callId, "1001", "1001", now()));
        gateway.send(new CallAnswered(callId, "1001", 1_000, now()));
        await().atMost(T).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallCleared(callId, ClearCause.CALLER_HANGUP, 1_000, 2_000, now()));
        // 1 s of wrap-up, no code: READY again by itself
    }

    private void offered(String callId, String caller) throws Exception {
        gateway.send(new CallOffered(callId, "service", caller, "4008001000", "pbx", now()));
        Thread.sleep(50); // arrival order
    }

    private void key(String callId, char digit) {
        gateway.send(new DtmfReceived(callId, Leg.CALLER, String.valueOf(digit), now()));
    }

    private void fire(String agentId, AgentEventType type) throws Exception {
        assertThat(rig.agents.fire(agentId, AgentEvent.of(type, Cause.agent(agentId))).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS).accepted()).as("%s accepted", type).isTrue();
    }

    private AgentState state(String agentId) {
        return rig.agents.snapshot(agentId).orElseThrow().state();
    }

    private double metric(String name, String event) {
        var c = rig.meters.find(name).tag("queue", "service").tag("event", event).counter();
        return c == null ? 0 : c.count();
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return rig.store.call(callId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
