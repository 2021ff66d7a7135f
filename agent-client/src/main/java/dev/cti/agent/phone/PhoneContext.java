package dev.cti.agent.phone;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.AudioSource;
import dev.cti.agent.media.RemoteMedia;
import dev.cti.agent.media.RtpSession;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What the softphone's parts share: the one call, its state machine, the SIP stack, the phone thread, and the side
 * effects every part needs (events, media, ending a call). {@link Softphone} (commands), {@link InboundRequests}
 * (requests from the far end and the gateway's remote control) and {@link OwnRequests} (answers to the requests we
 * sent) all act through it, on the phone thread only.
 */
final class PhoneContext {
    final PhoneSettings settings;
    final CallMachine machine;
    final ScheduledExecutorService phoneThread;
    private final Consumer<JsonObject> events;
    private final ScheduledExecutorService ticker;
    private final Supplier<AudioSource> audioIn;
    private final Supplier<AudioSink> audioOut;
    /** Set by {@link Softphone#start()} on the phone thread, before any SIP callback. */
    SipMessages sip;
    volatile boolean muted;
    volatile long autoAnswerMs = -1;
    volatile Call call; // written on the phone thread only; read by status()

    PhoneContext(PhoneSettings settings, CallMachine machine, ScheduledExecutorService phoneThread,
                 ScheduledExecutorService mediaTicker, Supplier<AudioSource> audioIn, Supplier<AudioSink> audioOut,
                 Consumer<JsonObject> events) {
        this.settings = settings;
        this.machine = machine;
        this.phoneThread = phoneThread;
        this.ticker = mediaTicker;
        this.audioIn = audioIn;
        this.audioOut = audioOut;
        this.events = events;
    }

    /** Ends the call from our side: decline while ringing, CANCEL our own dial, else BYE. */
    void hangUp() throws Exception {
        CallState before = machine.state();
        machine.fire(CallEvent.HANGUP);
        emit("hangup").put("by", "agent");
        stopMedia();
        switch (before) {
            case RINGING -> {
                sip.respond(call.inviteTx, Response.DECLINE);
                endCall();
            }
            case DIALING -> call.cancel(sip);
            default -> sendInDialog(Request.BYE);
        }
    }

    RtpSession openMedia() throws java.io.IOException {
        RtpSession rtp = RtpSession.open(settings.bindHost(), audioIn.get(), audioOut.get(),
                digit -> phoneThread.execute(() -> emit("dtmf").put("digit", String.valueOf(digit))), ticker);
        rtp.setMuted(muted);
        return rtp;
    }

    /** Points the RTP session at the far end's SDP; we send only if our direction and theirs allow it. */
    void applyRemote(Call c, MediaDirection ours) {
        Sdp.Audio a = c.remote;
        boolean send = (ours == MediaDirection.SENDRECV || ours == MediaDirection.SENDONLY)
                && a.direction().receives() && a.port() > 0 && machine.state() != CallState.HELD
                && machine.state() != CallState.HOLDING;
        G711 law = a.preferredLaw() != null ? a.preferredLaw() : G711.PCMU;
        c.rtp.configure(new RemoteMedia(new InetSocketAddress(a.address(), Math.max(a.port(), 1)), law,
                a.telephoneEventPt(), send));
    }

    void noteRemoteHold(Call c, MediaDirection theirs) {
        boolean holds = theirs == MediaDirection.SENDONLY || theirs == MediaDirection.INACTIVE;
        if (holds != c.remoteHolds) {
            c.remoteHolds = holds;
            emit(holds ? "remote-hold" : "remote-resume");
        }
    }

    void reinvite(MediaDirection dir) throws Exception {
        if (dir == MediaDirection.SENDONLY) applyRemote(call, dir); // stop sending at once while the hold is out
        call.reinvite(sip, dir);
    }

    void sendInDialog(String method) throws Exception {
        if (call == null || call.dialog == null) {
            finishEnding();
            return;
        }
        call.send(sip, call.dialog.createRequest(method));
    }

    void finishEnding() {
        if (machine.state() == CallState.ENDING) machine.fire(CallEvent.ENDED);
        endCall();
    }

    void stopMedia() {
        if (call != null && call.rtp != null) call.rtp.close();
    }

    void endCall() {
        if (call != null) {
            if (call.autoAnswer != null) call.autoAnswer.cancel(false);
            stopMedia();
        }
        if (machine.state() == CallState.IDLE) {
            call = null;
            emit("idle");
        }
    }

    /** Refuses a command the call's state does not allow (the machine logs and counts it). */
    void need(CallEvent event) throws PhoneException {
        if (!machine.can(event)) {
            machine.fire(event); // logs and counts the refusal
            throw new PhoneException("not possible in call state " + machine.state());
        }
    }

    /** A new event for the seat; the caller may add fields to it until its phone-thread task is done. */
    JsonObject emit(String event) {
        JsonObject e = new JsonObject().put("event", event);
        if (call != null) e.put("sipCallId", call.sipCallId);
        // emitted after the caller adds its fields: hand over once this task is done
        phoneThread.execute(() -> events.accept(e));
        return e;
    }
}
