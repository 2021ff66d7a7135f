package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.registrar.Binding;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.RejectReason;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.SipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote answer (AnswerCall): asks the ringing agent phone to answer with a NOTIFY carrying {@code Event: talk}
 * (the remote-control event of desk phones), sent to the phone's registered contact outside any dialog (no To
 * tag; Subscription-State: terminated, as no subscription exists) but with the ringing INVITE's Call-ID, so a
 * phone can tell which call is meant. A 2xx means the phone accepted: its 200 OK to our INVITE then answers the
 * call the usual way (CallAnswered). An error response (489 Bad Event, 405, 481...) or no final answer within
 * {@link #WAIT_SECONDS} is reported as CommandRejected PHONE_REFUSED. Runs on the call's executor.
 */
final class CallRemoteAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(CallRemoteAnswer.class);
    static final String COMMAND = "AnswerCall";
    /** How long the phone has to answer the NOTIFY (well below Timer F: the agent is waiting). */
    static final long WAIT_SECONDS = 4;

    private final Call call;
    /** The NOTIFY in flight, or null. */
    private ClientTransaction pending;
    private long commandSeq;
    private ScheduledFuture<?> timer;

    CallRemoteAnswer(Call call) {
        this.call = call;
    }

    /** AnswerCall: false (INVALID_STATE) unless an agent phone is being rung and no request is in flight. */
    boolean request(long seq) {
        SipLeg leg = call.agent();
        // The INVITE must be out (not still waiting for its RTP port): a NOTIFY overtaking it would find nothing
        // ringing on the phone.
        if (!call.accepts(CallTrigger.REMOTE_ANSWER) || leg == null || pending != null || leg.inviteClient == null
                || !(leg.fsm.is(LegState.CALLING) || leg.fsm.is(LegState.EARLY))) {
            return false;
        }
        List<Binding> bindings = call.services().locations().bindings(leg.extension);
        if (bindings.isEmpty()) {
            refuse(seq, "extension " + leg.extension + " is no longer registered");
            return true;
        }
        call.fire(CallTrigger.REMOTE_ANSWER);
        String contact = LegDialer.stripBrackets(bindings.get(bindings.size() - 1).contact());
        ClientTransaction tx;
        try {
            tx = call.services().sip().notifyOutOfDialog(leg.callId, contact,
                    "sip:" + leg.extension + "@" + call.services().domain(), "talk");
        } catch (SipException | RuntimeException e) {
            refuse(seq, "cannot send NOTIFY talk: " + e);
            return true;
        }
        pending = tx;
        commandSeq = seq;
        timer = call.services().timers().schedule(() -> call.executor().execute(() -> timedOut(tx)), WAIT_SECONDS,
                TimeUnit.SECONDS);
        LOG.info("call {}: asked extension {} to answer (NOTIFY talk)", call.id(), leg.extension);
        return true;
    }

    /** A NOTIFY response on the call; false when it does not answer our NOTIFY talk (e.g. a REFER's NOTIFY). */
    boolean onResponse(SipEvent.ResponseReceived event) {
        if (pending == null || event.clientTransaction() != pending) {
            return false;
        }
        int status = event.status();
        if (status < 200) {
            return true;
        }
        long seq = commandSeq;
        done();
        if (status >= 300) {
            refuse(seq, "the phone answered the NOTIFY talk with " + status);
        } else {
            LOG.info("call {}: the phone accepted the remote answer", call.id());
        }
        return true;
    }

    private void timedOut(ClientTransaction tx) {
        if (pending != tx) {
            return;
        }
        long seq = commandSeq;
        done();
        if (!call.is(CallPhase.ENDED)) {
            refuse(seq, "no answer to the NOTIFY talk");
        }
    }

    private void done() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        pending = null;
    }

    private void refuse(long seq, String why) {
        LOG.info("call {}: remote answer refused: {}", call.id(), why);
        call.services().metrics().commandRejected(COMMAND);
        call.emit(new CommandRejected(seq, COMMAND, call.id(), RejectReason.PHONE_REFUSED, call.now()));
    }
}
