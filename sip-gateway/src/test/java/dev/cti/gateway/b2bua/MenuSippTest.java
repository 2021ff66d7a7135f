package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.MenuConfig;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallCleared;
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
import dev.cti.link.message.Snapshot;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of a voice menu (issue 17) with a real trunk (sipp) and the caller's RTP (a Java phone sending
 * RFC 4733 keys): a menu number is answered and reported CallInMenu with nothing played; PlayPrompts is heard and
 * reported played; a key reaches the server while a prompt plays, and the next PlayPrompts replaces it (the replaced
 * one is never reported played); RouteToQueue makes it a queued call (CallOffered, the queue's greeting); a file no
 * menu names, and a menu command after the routing, are refused.
 */
class MenuSippTest extends SippGatewayTest {
    private static final String MENU_NUMBER = "4008003000";

    @Test
    void aMenuCallPlaysWhatTheServerSaysHearsKeysAndIsRoutedToAQueue() throws Exception {
        MenuConfig main = h.config.menuForNumber(MENU_NUMBER).orElseThrow();
        try (RtpParty callerRtp = new RtpParty(440);
             Sipp caller = Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                     Map.of("rtpport", Integer.toString(callerRtp.port())), "-s", MENU_NUMBER, "-d", "20000")) {
            CallInMenu inMenu = h.server.await(CallInMenu.class);
            assertThat(inMenu.menuId()).isEqualTo("main");
            assertThat(inMenu.dialledNumber()).isEqualTo(MENU_NUMBER);
            String callId = inMenu.callId();
            Thread.sleep(300);
            assertThat(callerRtp.heardBetween(Long.MIN_VALUE, Long.MAX_VALUE)).as("silence until the server plays")
                    .isEmpty();
            h.server.send(new dev.cti.link.message.RequestSnapshot());
            Snapshot snap = h.server.await(Snapshot.class, s -> s.calls().stream().anyMatch(c -> c.callId().equals(callId)));
            assertThat(snap.calls()).filteredOn(c -> c.callId().equals(callId)).singleElement()
                    .satisfies(c -> assertThat(c.queueId()).as("in no queue while in the menu").isNull());

            long before = System.nanoTime();
            h.server.send(new PlayPrompts(callId, "p-1", List.of(main.invalidPrompt())));
            PromptsPlayed played = h.server.await(PromptsPlayed.class);
            assertThat(played.playId()).isEqualTo("p-1");
            assertThat(RtpParty.rms(callerRtp.heardBetween(before, System.nanoTime()))).as("the prompt was heard")
                    .isGreaterThan(500);

            h.server.send(new PlayPrompts(callId, "p-2", List.of(main.prompt())));
            await().atMost(Duration.ofSeconds(5)).until(() -> RtpParty.rms(callerRtp.heardBetween(
                    System.nanoTime() - 200_000_000L, System.nanoTime())) > 500);
            callerRtp.pressKey(101, 3); // typed ahead while the menu prompt plays
            DtmfReceived key = h.server.await(DtmfReceived.class);
            assertThat(key.callId()).isEqualTo(callId);
            assertThat(key.leg()).isEqualTo(Leg.CALLER);
            assertThat(key.digit()).isEqualTo("3");
            h.server.send(new PlayPrompts(callId, "p-3", List.of(main.goodbyePrompt())));
            assertThat(h.server.await(PromptsPlayed.class, p -> p.playId().equals("p-3")).callId()).isEqualTo(callId);
            assertThat(h.server.received(PromptsPlayed.class)).extracting(PromptsPlayed::playId)
                    .as("the interrupted menu prompt is not reported played").containsExactly("p-1", "p-3");

            h.server.send(new PlayPrompts(callId, "p-4", List.of("/etc/passwd")));
            assertThat(h.server.await(CommandRejected.class).reason()).isEqualTo(RejectReason.NOT_ALLOWED);

            h.server.send(new RouteToQueue(callId, "service"));
            CallOffered offered = h.awaitOffered();
            assertThat(offered.callId()).isEqualTo(callId);
            assertThat(offered.queueId()).isEqualTo("service");
            assertThat(offered.dialledNumber()).isEqualTo(MENU_NUMBER);
            long queued = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> RtpParty.rms(callerRtp.heardBetween(queued,
                    System.nanoTime())) > 500);
            h.server.send(new PlayPrompts(callId, "p-5", List.of(main.prompt())));
            assertThat(h.server.await(CommandRejected.class, r -> r.commandType().equals("PlayPrompts")
                    && r.reason() == RejectReason.INVALID_STATE).callId()).as("no menu once queued").isEqualTo(callId);

            h.server.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
            assertThat(h.server.await(CallCleared.class).callId()).isEqualTo(callId);
        }
        h.awaitNoCalls();
    }
}
