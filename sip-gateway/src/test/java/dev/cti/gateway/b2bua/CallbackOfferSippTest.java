package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.QueueConfig;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.Announce;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.RejectReason;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of the callback that keeps its place (issue 17) with a real trunk (sipp) and the caller's RTP (a
 * Java phone pressing RFC 4733 keys), on the shipped service queue (which has {@code callback}): an announcement with
 * the offer is heard and takes longer than the one without (the offer prompt follows it); the caller's key reaches the
 * server; the queue's callback prompts are played to the queued call and reported played; a menu's prompt to a queued
 * call is refused INVALID_STATE; the server's HangUp after the confirmation ends the call.
 */
class CallbackOfferSippTest extends SippGatewayTest {

    @Test
    void aQueuedCallHearsTheOfferAndTheCallbackPromptsAndItsKeysReachTheServer() throws Exception {
        QueueConfig service = h.config.queue("service").orElseThrow();
        assertThat(service.callback()).isPresent();
        try (RtpParty callerRtp = new RtpParty(440);
             Sipp caller = Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                     Map.of("rtpport", Integer.toString(callerRtp.port())), "-s", "4008001000", "-d", "30000")) {
            CallOffered offered = h.awaitOffered();
            String callId = offered.callId();

            h.server.send(new Announce(callId, 2, 60, true));
            long before = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> RtpParty.rms(callerRtp.heardBetween(before,
                    System.nanoTime())) > 500);
            callerRtp.pressKey(101, 1);
            DtmfReceived key = h.server.await(DtmfReceived.class);
            assertThat(key.callId()).isEqualTo(callId);
            assertThat(key.digit()).isEqualTo("1");

            h.server.send(new PlayPrompts(callId, "cb-1", List.of(service.callbackPrompt("number"))));
            long number = System.nanoTime();
            assertThat(h.server.await(PromptsPlayed.class, p -> p.playId().equals("cb-1")).callId()).isEqualTo(callId);
            assertThat(RtpParty.rms(callerRtp.heardBetween(number, System.nanoTime()))).as("the number prompt")
                    .isGreaterThan(500);

            h.server.send(new PlayPrompts(callId, "cb-2", List.of(h.config.menus().get(0).prompt())));
            assertThat(h.server.await(CommandRejected.class, r -> r.commandType().equals("PlayPrompts")).reason())
                    .as("a queued call hears only its queue's callback prompts").isEqualTo(RejectReason.INVALID_STATE);

            h.server.send(new PlayPrompts(callId, "cb-3", List.of(service.callbackPrompt("confirmed"))));
            assertThat(h.server.await(PromptsPlayed.class, p -> p.playId().equals("cb-3")).callId()).isEqualTo(callId);
            h.server.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
            assertThat(h.server.await(CallCleared.class).callId()).isEqualTo(callId);
        }
        h.awaitNoCalls();
    }
}
