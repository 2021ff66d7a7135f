package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.MenuConfig;
import dev.cti.link.message.CallInMenu;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RouteToQueue;
import dev.cti.link.testing.ScriptedGatewayPeer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server running the shipped voice menus (issue 17) against a scripted gateway, the clock set by hand: keys pick
 * options at once (interrupting the prompt), a sub-menu leads to a queue, the message option plays and hangs up;
 * an invalid key and a missing key replay the menu with their prompts, then the fallback; outside business hours
 * (a Saturday, a holiday) the caller hears the closed prompt and the message, then is hung up; a refused prompt
 * ends the call. The main menu waits 1 s for a key here.
 */
class CallMenusTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A Monday, 10:00 in Shanghai: the main menu is open (mon-fri 09:00-18:00). */
    private static final Instant OPEN = ZonedDateTime.of(2027, 1, 4, 10, 0, 0, 0, SHANGHAI).toInstant();

    @TempDir
    Path tmp;
    private CallCenterRig rig;
    private ScriptedGatewayPeer gateway;
    private CtiConfig config;

    private void start(Instant now, MenuConfig.Action fallback) throws Exception {
        rig = CallCenterRig.start(tmp.resolve("data"), Clock.fixed(now, SHANGHAI), c -> {
            List<MenuConfig> menus = c.menus().stream().map(m -> !m.id().equals("main") ? m
                    : new MenuConfig(m.id(), m.numbers(), m.language(), m.prompt(), 1, m.retries(), m.invalidPrompt(),
                            m.timeoutPrompt(), m.goodbyePrompt(), m.options(), fallback, m.hours())).toList();
            config = c.withMenus(menus);
            return config;
        }, (vertx, events) -> { });
        gateway = rig.gateway;
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private MenuConfig menu(String id) {
        return config.menu(id).orElseThrow();
    }

    private PlayPrompts awaitPlay(String callId, String... prompts) {
        return gateway.await(PlayPrompts.class, p -> p.callId().equals(callId) && p.prompts().equals(List.of(prompts)));
    }

    private void arrive(String callId) {
        gateway.send(new CallInMenu(callId, "main", "13800000001", "4008003000", "pbx", System.currentTimeMillis()));
    }

    private void key(String callId, char digit) {
        gateway.send(new DtmfReceived(callId, Leg.CALLER, String.valueOf(digit), System.currentTimeMillis()));
    }

    private void played(PlayPrompts p) {
        gateway.send(new PromptsPlayed(p.callId(), p.playId(), System.currentTimeMillis()));
    }

    @Test
    void keysTypedAheadPickOptionsThroughASubMenuIntoTheQueue() throws Exception {
        start(OPEN, menu0Fallback());
        arrive("c-1");
        awaitPlay("c-1", menu("main").prompt());
        key("c-1", '3'); // before the prompt ended: it is interrupted by the next one
        awaitPlay("c-1", menu("billing").prompt());
        gateway.send(new DtmfReceived("c-1", Leg.AGENT, "9", System.currentTimeMillis()));
        key("c-1", '1');
        assertThat(gateway.await(RouteToQueue.class).queueId()).isEqualTo("service");
        assertThat(gateway.received(PlayPrompts.class)).as("an agent leg's key is no choice").hasSize(2);

        gateway.send(new CallOffered("c-1", "service", "13800000001", "4008003000", "pbx", System.currentTimeMillis()));
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> rig.center.callAgent("c-1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).isPresent());
        key("c-1", '2');
        Thread.sleep(300);
        assertThat(gateway.received(RouteToQueue.class)).as("the menu let go of the queued call's keys").hasSize(1);
        assertThat(results("billing")).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("queue", 1.0));
        assertThat(results("main")).as("the sub-menu is no result").isEmpty();
    }

    @Test
    void theMessageOptionPlaysItsRecordingThenHangsUp() throws Exception {
        start(OPEN, menu0Fallback());
        arrive("c-2");
        played(awaitPlay("c-2", menu("main").prompt()));
        key("c-2", '9');
        PlayPrompts message = awaitPlay("c-2", menu("main").option('9').orElseThrow().action().target());
        assertThat(gateway.received(HangUp.class)).as("not before the message was heard").isEmpty();
        played(message);
        assertThat(gateway.await(HangUp.class).cause()).isEqualTo(ClearCause.SERVER_HANGUP);
    }

    @Test
    void anInvalidKeyAndATimeoutReplayTheMenuThenTheFallbackHangsUpWithGoodbye() throws Exception {
        start(OPEN, MenuConfig.Action.HANGUP);
        MenuConfig main = menu("main");
        assertThat(main.retries()).isEqualTo(2);
        arrive("c-3");
        played(awaitPlay("c-3", main.prompt()));
        key("c-3", '5');
        played(awaitPlay("c-3", main.invalidPrompt(), main.prompt()));
        long waited = System.nanoTime();
        played(awaitPlay("c-3", main.timeoutPrompt(), main.prompt())); // no key for 1 s
        assertThat(System.nanoTime() - waited).as("the menu waited timeoutSeconds").isGreaterThan(900_000_000L);
        PlayPrompts goodbye = awaitPlay("c-3", main.timeoutPrompt(), main.goodbyePrompt()); // the third miss
        key("c-3", '1');
        played(goodbye);
        assertThat(gateway.await(HangUp.class).callId()).isEqualTo("c-3");
        assertThat(gateway.received(RouteToQueue.class)).as("a key while the goodbye plays picks nothing").isEmpty();
        assertThat(results("main")).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("invalid", 1.0, "timeout", 2.0,
                "fallback", 1.0));
    }

    @Test
    void onASaturdayTheCallerHearsTheClosedPromptAndTheMessageThenIsHungUp() throws Exception {
        start(ZonedDateTime.of(2027, 1, 9, 10, 0, 0, 0, SHANGHAI).toInstant(), menu0Fallback());
        arrive("c-4");
        var hours = menu("main").hours().orElseThrow();
        PlayPrompts closed = awaitPlay("c-4", hours.closedPrompt(), hours.closedAction().target());
        key("c-4", '1');
        played(closed);
        assertThat(gateway.await(HangUp.class).callId()).isEqualTo("c-4");
        assertThat(gateway.received(RouteToQueue.class)).isEmpty();
        assertThat(results("main")).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("closed", 1.0));
    }

    @Test
    void onAHolidayTheMenuIsClosedToo() throws Exception {
        start(ZonedDateTime.of(2027, 10, 1, 10, 0, 0, 0, SHANGHAI).toInstant(), menu0Fallback()); // a Friday
        arrive("c-5");
        var hours = menu("main").hours().orElseThrow();
        awaitPlay("c-5", hours.closedPrompt(), hours.closedAction().target());
    }

    @Test
    void aRefusedPromptEndsTheCall() throws Exception {
        start(OPEN, menu0Fallback());
        arrive("c-6");
        PlayPrompts p = awaitPlay("c-6", menu("main").prompt());
        gateway.send(new CommandRejected(0, "PlayPrompts", p.callId(), RejectReason.NOT_ALLOWED,
                System.currentTimeMillis()));
        assertThat(gateway.await(HangUp.class).cause()).isEqualTo(ClearCause.FAILED);
        assertThat(rig.meters.find("cti.link.commands.rejected").counters())
                .as("a menu's refusal is the menu's business").isEmpty();
    }

    /** cti.menu.results of {@code menu}, by result. */
    private java.util.Map<String, Double> results(String menu) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        rig.meters.find("cti.menu.results").tag("menu", menu).counters()
                .forEach(c -> out.put(c.getId().getTag("result"), c.count()));
        return out;
    }

    /** The shipped fallback: the service queue. */
    private static MenuConfig.Action menu0Fallback() {
        return new MenuConfig.Action(MenuConfig.Kind.QUEUE, "service");
    }
}
