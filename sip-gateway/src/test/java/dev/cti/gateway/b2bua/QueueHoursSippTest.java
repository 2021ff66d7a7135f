package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.BusinessHours;
import dev.cti.config.MenuConfig;
import dev.cti.config.QueueConfig;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallInMenu;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.RouteToQueue;
import dev.cti.testpeers.Sipp;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of a queue with business hours dialled directly (queues[].hours, issue 17), with a real trunk
 * (sipp) and the caller's RTP: the queue's number is answered into the menu {@code queue:sales} (CallInMenu, no
 * CallOffered, nothing played), so the server can play the closed prompt and goodbye (heard) and hang up; or, open,
 * route it into the queue, which then greets it as a queue call.
 */
class QueueHoursSippTest {
    private static final String SALES_NUMBER = "4008002000";
    private GatewayHarness h;
    private MenuConfig gate;

    @BeforeEach
    void startGateway() throws Exception {
        Sipp.require();
        h = GatewayHarness.withConfig(c -> {
            QueueConfig sales = c.queue("sales").orElseThrow();
            MenuConfig main = c.menu("main").orElseThrow();
            gate = MenuConfig.forQueueHours(sales, new BusinessHours(List.of(new BusinessHours.Period(
                    Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0))),
                    main.hours().orElseThrow().closedPrompt(), MenuConfig.Action.HANGUP), main.goodbyePrompt());
            List<MenuConfig> menus = new ArrayList<>(c.menus());
            menus.add(gate);
            return c.withMenus(menus);
        });
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private Sipp caller(RtpParty rtp) throws Exception {
        return Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                Map.of("rtpport", Integer.toString(rtp.port())), "-s", SALES_NUMBER, "-d", "20000");
    }

    @Test
    void closedTheCallerHearsWhatTheServerPlaysAndIsHungUpWithoutEnteringTheQueue() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440); Sipp ignored = caller(callerRtp)) {
            CallInMenu inMenu = h.server.await(CallInMenu.class);
            assertThat(inMenu.menuId()).isEqualTo("queue:sales");
            assertThat(inMenu.dialledNumber()).isEqualTo(SALES_NUMBER);
            String callId = inMenu.callId();
            Thread.sleep(300);
            assertThat(callerRtp.heardBetween(Long.MIN_VALUE, Long.MAX_VALUE)).as("no greeting: not in the queue")
                    .isEmpty();
            assertThat(h.server.received(CallOffered.class)).isEmpty();

            long before = System.nanoTime();
            h.server.send(new PlayPrompts(callId, "p-1", List.of(gate.hours().orElseThrow().closedPrompt(),
                    gate.goodbyePrompt())));
            assertThat(h.server.await(PromptsPlayed.class).playId()).isEqualTo("p-1");
            assertThat(RtpParty.rms(callerRtp.heardBetween(before, System.nanoTime()))).as("closed and goodbye heard")
                    .isGreaterThan(500);
            h.server.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
            assertThat(h.server.await(CallCleared.class).callId()).isEqualTo(callId);
            assertThat(h.server.received(CallOffered.class)).isEmpty();
        }
        h.awaitNoCalls();
    }

    @Test
    void openTheServerRoutesItIntoTheQueueAsIfDialled() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440); Sipp ignored = caller(callerRtp)) {
            String callId = h.server.await(CallInMenu.class).callId();
            h.server.send(new RouteToQueue(callId, "sales"));
            CallOffered offered = h.awaitOffered();
            assertThat(offered.callId()).isEqualTo(callId);
            assertThat(offered.queueId()).isEqualTo("sales");
            assertThat(offered.dialledNumber()).isEqualTo(SALES_NUMBER);
            long queued = System.nanoTime();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> RtpParty.rms(
                    callerRtp.heardBetween(queued, System.nanoTime())) > 500); // the queue's greeting
            h.server.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
            assertThat(h.server.await(CallCleared.class).callId()).isEqualTo(callId);
        }
        h.awaitNoCalls();
    }
}
