package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.Snapshot;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hold and resume through the server (HoldCall / ResumeCall), done in the gateway's media: checked by signal with
 * the plain Java RTP phones of {@link MediaPathSippTest} (caller 440 Hz, agent 880 Hz). On hold the caller hears
 * music and not the agent, the agent hears neither the caller nor music; after resume they hear each other. The
 * agent's sipp fails on any re-INVITE, so "no re-INVITE to the phone" is checked too. Commands in the wrong state
 * are refused with INVALID_STATE, unknown calls with UNKNOWN_CALL, and a hold the phone made is not resumable.
 */
class ServerHoldSippTest extends SippGatewayTest {
    private static final long MS = 1_000_000L;

    @Test
    void holdAndResumeThroughTheServerCutTheAudioAndPlayMusicToTheCaller() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             Sipp phone = Sipp.start("/b2bua/sipp/agent-media-talks.xml", phonePort, null,
                     Map.of("rtpport", Integer.toString(agentRtp.port())))) {
            h.registerAgent(phonePort);
            try (Sipp caller = Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                    Map.of("rtpport", Integer.toString(callerRtp.port())), "-s", GatewayHarness.SERVICE_NUMBER,
                    "-d", "7500")) {
                CallOffered offered = h.awaitOffered();
                String callId = offered.callId();
                long resumeTooEarly = h.server.send(new ResumeCall(callId)); // queued: not held
                assertThat(rejection(resumeTooEarly).reason()).isEqualTo(RejectReason.INVALID_STATE);
                deliverToAgent(offered);
                awaitAnswered(phone);
                long answered = System.nanoTime();
                long notHeld = h.server.send(new ResumeCall(callId));
                assertThat(rejection(notHeld).reason()).isEqualTo(RejectReason.INVALID_STATE);
                long notRinging = h.server.send(new AnswerCall(callId));
                assertThat(rejection(notRinging).reason()).isEqualTo(RejectReason.INVALID_STATE);

                awaitMillis(1500);
                h.server.send(new HoldCall(callId));
                CallHeld held = h.server.await(CallHeld.class);
                long heldNanos = System.nanoTime();
                assertThat(held.callId()).isEqualTo(callId);
                assertThat(held.agentId()).isEqualTo("1001");
                long twice = h.server.send(new HoldCall(callId));
                assertThat(rejection(twice).reason()).isEqualTo(RejectReason.INVALID_STATE);
                h.server.send(new RequestSnapshot());
                Snapshot snap = h.server.await(Snapshot.class, s -> !s.calls().isEmpty());
                assertThat(snap.calls()).singleElement().satisfies(c -> {
                    assertThat(c.callId()).isEqualTo(callId);
                    assertThat(c.state()).isEqualTo(CallState.HELD);
                    assertThat(c.heldAt()).isEqualTo(held.at());
                });

                awaitMillis(2000);
                h.server.send(new ResumeCall(callId));
                CallResumed resumed = h.server.await(CallResumed.class);
                long resumedNanos = System.nanoTime();
                assertThat(resumed.agentId()).isEqualTo("1001");
                h.server.await(CallCleared.class);

                short[] callerTalking = callerRtp.heardBetween(answered + 500 * MS, answered + 1400 * MS);
                short[] agentTalking = agentRtp.heardBetween(answered + 500 * MS, answered + 1400 * MS);
                assertThat(Goertzel.relativePower(callerTalking, 880)).as("caller hears the agent").isGreaterThan(0.6);
                assertThat(Goertzel.relativePower(agentTalking, 440)).as("agent hears the caller").isGreaterThan(0.6);

                short[] callerHeld = callerRtp.heardBetween(heldNanos + 300 * MS, heldNanos + 1800 * MS);
                short[] agentHeld = agentRtp.heardBetween(heldNanos + 300 * MS, heldNanos + 1800 * MS);
                assertThat(callerHeld.length).as("caller audio on hold").isGreaterThan(6000);
                assertThat(Goertzel.relativePower(callerHeld, 880)).as("caller on hold does not hear the agent")
                        .isLessThan(0.05);
                assertThat(RtpParty.rms(callerHeld)).as("caller on hold hears music").isGreaterThan(200);
                assertThat(agentHeld.length).as("the agent's phone keeps receiving RTP").isGreaterThan(6000);
                assertThat(RtpParty.rms(agentHeld)).as("agent hears silence: neither caller nor music")
                        .isLessThan(20);

                short[] callerAfter = callerRtp.heardBetween(resumedNanos + 400 * MS, resumedNanos + 1400 * MS);
                short[] agentAfter = agentRtp.heardBetween(resumedNanos + 400 * MS, resumedNanos + 1400 * MS);
                assertThat(Goertzel.relativePower(callerAfter, 880)).as("caller hears the agent after resume")
                        .isGreaterThan(0.6);
                assertThat(Goertzel.relativePower(agentAfter, 440)).as("agent hears the caller after resume")
                        .isGreaterThan(0.6);

                phone.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void aHoldMadeOnThePhoneIsNotResumedThroughTheServer() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-hold.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 6000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                awaitAnswered(phone);
                h.server.await(CallHeld.class);
                long resume = h.server.send(new ResumeCall(offered.callId()));
                assertThat(rejection(resume).reason()).isEqualTo(RejectReason.INVALID_STATE);
                long hold = h.server.send(new HoldCall(offered.callId()));
                assertThat(rejection(hold).reason()).isEqualTo(RejectReason.INVALID_STATE);
                h.server.await(CallResumed.class); // the phone resumes itself
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.CALLER_HANGUP);
                phone.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        assertThat(h.server.received(CallResumed.class)).hasSize(1);
    }

    @Test
    void commandsForAnUnknownCallAreRefused() {
        long hold = h.server.send(new HoldCall("c-nope"));
        long resume = h.server.send(new ResumeCall("c-nope"));
        long answer = h.server.send(new AnswerCall("c-nope"));
        for (long seq : new long[] {hold, resume, answer}) {
            CommandRejected r = rejection(seq);
            assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_CALL);
            assertThat(r.callId()).isEqualTo("c-nope");
        }
    }

    private CommandRejected rejection(long commandSeq) {
        return h.server.await(CommandRejected.class, r -> r.commandSeq() == commandSeq);
    }

    /** Lets the call run (audio flowing) for a while, without Thread.sleep. */
    private static void awaitMillis(long millis) {
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 1000))
                .until(() -> true);
    }
}
