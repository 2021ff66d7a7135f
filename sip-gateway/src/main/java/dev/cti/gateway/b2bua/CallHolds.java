package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.audio.Prompt;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallResumed;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hold and resume requested through the server (HoldCall / ResumeCall), done in the gateway's media only: the
 * agent's phone is not re-INVITEd, so it works with any phone. On hold the caller's leg plays the queue's music
 * and the agent's leg plays a loop of silence, so neither hears the other while both RTP streams keep flowing
 * (phones that watch for incoming RTP do not hang up) and whatever feeds a leg when nothing is played (the
 * bridged peer or a supervisor mixer) takes over again on resume. A hold the phone made itself (re-INVITE
 * sendonly, {@link CallReInvites}) is the phone's: RFC 3264 8.4 leaves the direction to the side that holds, so
 * an offer of sendrecv from us would be answered sendonly again; ResumeCall refuses it (INVALID_STATE) and the
 * agent resumes on the phone.
 *
 * <p>While a supervisor monitors the call (listen, whisper, barge) the mixer feeds the agent's leg instead of the
 * silence: {@link CallMonitor} already tells the mixer the customer is held (the customer is sent no mix and hears
 * the music), so the agent goes on hearing a supervisor who coaches during the hold. When the session stops mixing
 * during the hold the silence comes back. Runs on the call's executor.
 */
final class CallHolds {
    private static final Logger LOG = LoggerFactory.getLogger(CallHolds.class);
    /** 200 ms of digital silence, looped to the agent's leg while the gateway holds the call. */
    static final Prompt SILENCE = new Prompt("silence", new short[1600]);

    private final Call call;
    /** Whether the agent's leg is being played silence by a hold of ours. */
    private boolean silencing;

    CallHolds(Call call) {
        this.call = call;
    }

    /** HoldCall: false when the call is not connected to an agent (held already, ringing, transferring...). */
    boolean hold() {
        if (!call.accepts(CallTrigger.SERVER_HOLD) || call.agent() == null || call.agent().media == null
                || call.caller() == null || call.caller().media == null) {
            return false;
        }
        // CallMonitor follows: a mixing session stops sending to the customer
        call.held(CallHold.Holder.SERVER, call.now());
        call.musicToCaller();
        if (!call.monitor().mixing()) {
            silenceAgent();
        }
        LOG.info("call {} held by the server", call.id());
        call.emit(new CallHeld(call.id(), call.agent().agentId, call.heldAt()));
        call.publishView();
        return true;
    }

    /** ResumeCall: false unless the gateway itself holds the call (a phone's hold is the phone's to end). */
    boolean resume() {
        if (!call.accepts(CallTrigger.SERVER_RESUME)) {
            return false;
        }
        call.resumed(CallHold.Holder.SERVER);
        call.services().media().stopPlaying(call.caller().media);
        stopSilence();
        LOG.info("call {} resumed by the server", call.id());
        call.emit(new CallResumed(call.id(), call.agent().agentId, call.now()));
        call.publishView();
        return true;
    }

    /**
     * A monitor session started ({@code true}) or stopped ({@code false}) mixing: during a hold of ours the agent's
     * leg goes to the mixer (it hears a whispering or barging supervisor, not the held customer's music) or back to
     * silence (the plain relay would let it hear the held customer).
     */
    void monitorMixing(boolean mixing) {
        if (!call.is(CallPhase.HELD_BY_SERVER)) {
            return;
        }
        if (mixing) {
            stopSilence();
        } else if (!silencing) {
            silenceAgent();
        }
    }

    /** The supervisor's leg became the agent's by a take-over during a hold of ours: it hears silence until resumed. */
    void tookOver() {
        if (call.is(CallPhase.HELD_BY_SERVER)) {
            silencing = false; // the old agent's leg is gone with its playback
            silenceAgent();
        }
    }

    /** The agent's leg hears silence (a hold of ours, or back to the held customer after a consult). */
    void silenceAgent() {
        if (call.agent() != null && call.agent().media != null) {
            call.services().media().play(call.agent().media, List.of(), SILENCE);
            silencing = true;
        }
    }

    /**
     * The agent hears the call again (the phone resumed after also holding, a transfer failed back to the agent):
     * ends the silence of a server hold if one is playing.
     */
    void stopSilence() {
        if (silencing) {
            silencing = false;
            if (call.agent() != null && call.agent().media != null) {
                call.services().media().stopPlaying(call.agent().media);
            }
        }
    }
}
