package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.BusinessHours;
import dev.cti.config.MenuConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.CallInMenu;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.RouteToQueue;
import dev.cti.link.testing.ScriptedGatewayPeer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue with business hours dialled directly (queues[].hours, issue 17): the gateway reports the call in the menu
 * {@code queue:service} and the server runs the menus' hours on it, the clock set by hand in the site's zone
 * (Asia/Shanghai, whose day is not the UTC day at these hours): open, the call goes straight into the queue with
 * nothing played; on a Saturday or a holiday the caller hears the closed prompt and the goodbye, then is hung up, a key
 * changing nothing; with the callback as closed action the caller goes to the queue with the callback offer after the
 * closed prompt.
 */
class QueueHoursTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Monday 4 January 2027, 08:30 in Shanghai (still Sunday in UTC): open (mon-fri 08:00-18:00). */
    private static final Instant MONDAY = ZonedDateTime.of(2027, 1, 4, 8, 30, 0, 0, SHANGHAI).toInstant();
    /** Saturday 9 January 2027, 10:00 in Shanghai: closed. */
    private static final Instant SATURDAY = ZonedDateTime.of(2027, 1, 9, 10, 0, 0, 0, SHANGHAI).toInstant();
    /** Friday 1 October 2027 (National Day, a holiday of the shipped site.yaml), 10:00 in Shanghai: closed. */
    private static final Instant HOLIDAY = ZonedDateTime.of(2027, 10, 1, 10, 0, 0, 0, SHANGHAI).toInstant();

    @TempDir
    Path tmp;
    private CallCenterRig rig;
    private ScriptedGatewayPeer gateway;
    private MenuConfig gate;

    private void start(Instant now, MenuConfig.Action closedAction) throws Exception {
        rig = CallCenterRig.start(tmp.resolve("data"), Clock.fixed(now, SHANGHAI), c -> {
            QueueConfig service = c.queue("service").orElseThrow();
            MenuConfig main = c.menu("main").orElseThrow();
            BusinessHours hours = new BusinessHours(List.of(new BusinessHours.Period(Set.of(DayOfWeek.MONDAY,
                    DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0),
                    LocalTime.of(18, 0))), main.hours().orElseThrow().closedPrompt(), closedAction);
            gate = MenuConfig.forQueueHours(service, hours, main.goodbyePrompt());
            List<MenuConfig> menus = new ArrayList<>(c.menus());
            menus.add(gate);
            return c.withMenus(menus);
        }, (vertx, events) -> { });
        gateway = rig.gateway;
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private void arrive(String callId) {
        gateway.send(new CallInMenu(callId, "queue:service", "13800000001", "4008001000", "pbx",
                System.currentTimeMillis()));
    }

    private PlayPrompts awaitPlay(String callId, String... prompts) {
        return gateway.await(PlayPrompts.class, p -> p.callId().equals(callId) && p.prompts().equals(List.of(prompts)));
    }

    @Test
    void openTheCallGoesStraightIntoTheQueueWithNothingPlayed() throws Exception {
        start(MONDAY, MenuConfig.Action.HANGUP);
        arrive("c-1");
        assertThat(gateway.await(RouteToQueue.class).queueId()).isEqualTo("service");
        Thread.sleep(200);
        assertThat(gateway.received(PlayPrompts.class)).isEmpty();
        assertThat(gateway.received(HangUp.class)).isEmpty();
    }

    @Test
    void onASaturdayTheCallerHearsTheClosedPromptAndTheGoodbyeThenIsHungUp() throws Exception {
        start(SATURDAY, MenuConfig.Action.HANGUP);
        arrive("c-2");
        PlayPrompts closed = awaitPlay("c-2", gate.hours().orElseThrow().closedPrompt(), gate.goodbyePrompt());
        gateway.send(new DtmfReceived("c-2", Leg.CALLER, "1", System.currentTimeMillis()));
        Thread.sleep(200);
        assertThat(gateway.received(HangUp.class)).as("not before the prompts were heard").isEmpty();
        gateway.send(new PromptsPlayed("c-2", closed.playId(), System.currentTimeMillis()));
        assertThat(gateway.await(HangUp.class).callId()).isEqualTo("c-2");
        assertThat(gateway.received(RouteToQueue.class)).isEmpty();
        assertThat(results()).containsExactlyInAnyOrderEntriesOf(Map.of("closed", 1.0));
    }

    @Test
    void onAHolidayTheQueueIsClosedAndTheMessageIsPlayed() throws Exception {
        MenuConfig.Action message = dev.cti.server.testing.ScriptedServer.shipped().menu("main").orElseThrow()
                .option('9').orElseThrow().action(); // the message of the opening hours
        start(HOLIDAY, message);
        arrive("c-3");
        PlayPrompts closed = awaitPlay("c-3", gate.hours().orElseThrow().closedPrompt(), message.target());
        gateway.send(new PromptsPlayed("c-3", closed.playId(), System.currentTimeMillis()));
        assertThat(gateway.await(HangUp.class).callId()).isEqualTo("c-3");
        assertThat(gateway.received(RouteToQueue.class)).isEmpty();
    }

    @Test
    void closedWithTheCallbackTheCallerGoesToTheQueueAfterTheClosedPrompt() throws Exception {
        start(SATURDAY, new MenuConfig.Action(MenuConfig.Kind.CALLBACK, "service"));
        arrive("c-4");
        PlayPrompts closed = awaitPlay("c-4", gate.hours().orElseThrow().closedPrompt());
        Thread.sleep(200);
        assertThat(gateway.received(RouteToQueue.class)).as("not before the closed prompt").isEmpty();
        gateway.send(new PromptsPlayed("c-4", closed.playId(), System.currentTimeMillis()));
        assertThat(gateway.await(RouteToQueue.class).queueId()).isEqualTo("service");
        assertThat(gateway.received(HangUp.class)).isEmpty();
    }

    /** cti.menu.results of the queue's hours, by result. */
    private Map<String, Double> results() {
        Map<String, Double> out = new TreeMap<>();
        rig.meters.find("cti.menu.results").tag("menu", "queue:service").counters()
                .forEach(c -> out.put(c.getId().getTag("result"), c.count()));
        return out;
    }
}
