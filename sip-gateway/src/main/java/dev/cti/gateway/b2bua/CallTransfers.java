package dev.cti.gateway.b2bua;

import dev.cti.config.QueueConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.TransferOutcome;
import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.audio.G711;
import java.util.List;
import java.util.Optional;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.ReferToHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blind transfer of a connected call (RFC 3515 REFER from the agent's phone, or the server's Transfer command):
 * to a queue's number/id (the caller is queued again: {@code CallTransferred(QUEUE, COMPLETED)} then a new
 * {@code CallOffered} for that queue) or to an external number through the trunk (the caller is bridged to the
 * trunk leg on answer: {@code CallTransferred(NUMBER, COMPLETED)} then {@code CallCleared(TRANSFERRED)}; on failure
 * {@code CallTransferred(NUMBER, FAILED)} and the caller is back with the agent). The REFER's subscription gets
 * NOTIFYs with a sipfrag of the outcome; the agent leg is released (BYE) after success. The trunk leg is dialled by
 * the call's {@link LegDialer} with this as its {@link LegOwner}. Runs on the call's executor.
 */
final class CallTransfers implements LegOwner {
    private static final Logger LOG = LoggerFactory.getLogger(CallTransfers.class);

    private final Call call;
    /** The agent leg whose REFER is being served (NOTIFY goes there), or null for a Transfer command. */
    private SipLeg referrer;
    private String target;

    CallTransfers(Call call) {
        this.call = call;
    }

    /**
     * A REFER from the agent's phone. Its Refer-To user must be a queue (number or id), else a number the seat may
     * transfer to ({@link DialPolicy}): 400 for a malformed target, 403 for a refused number (reported as
     * DialRefused; nothing reaches the trunk); only then 202 and the transfer.
     */
    void onRefer(SipLeg leg, SipEvent.RequestReceived event) {
        var messenger = call.services().sip().messenger();
        ReferToHeader referTo = (ReferToHeader) event.request().getHeader(ReferToHeader.NAME);
        if (leg != call.agent()) {
            messenger.respond(event, Response.FORBIDDEN); // only the connected agent's phone transfers the call
            return;
        }
        String user = referTo != null && referTo.getAddress().getURI() instanceof SipURI uri ? uri.getUser() : null;
        if (user == null || user.isEmpty() || user.length() > DialPolicy.MAX_TARGET_LENGTH) {
            if (referTo != null) {
                call.services().dialPolicy().refused(call.id(), leg.agentId, leg.extension, DialSource.REFER,
                        user == null ? "" : user.substring(0, Math.min(user.length(), DialPolicy.MAX_TARGET_LENGTH)),
                        DialRefusal.BAD_NUMBER);
            }
            messenger.respond(event, Response.BAD_REQUEST);
            return;
        }
        var config = call.services().config();
        Optional<QueueConfig> queue = config.queueForNumber(user).or(() -> config.queue(user));
        if (queue.isEmpty()) {
            Optional<DialRefusal> refusal = call.services().dialPolicy().referRefusal(leg.agentId, user);
            if (refusal.isPresent()) {
                call.services().dialPolicy().refused(call.id(), leg.agentId, leg.extension, DialSource.REFER, user,
                        refusal.get());
                messenger.respond(event, refusal.get() == DialRefusal.BAD_NUMBER ? Response.BAD_REQUEST
                        : Response.FORBIDDEN);
                return;
            }
        }
        if (!call.accepts(CallTrigger.TRANSFER_DIAL)) {
            messenger.respond(event, Response.REQUEST_PENDING);
            return;
        }
        messenger.respond(event, Response.ACCEPTED);
        referrer = leg;
        notifyReferrer("SIP/2.0 100 Trying", false);
        if (queue.isPresent()) {
            toQueue(queue.get());
        } else {
            toNumber(user);
        }
    }

    /** The server's Transfer command; false when the call cannot be transferred now. */
    boolean transfer(TargetKind kind, String to) {
        if (!call.accepts(CallTrigger.TRANSFER_DIAL) || call.agent() == null) {
            return false;
        }
        referrer = null;
        if (kind == TargetKind.QUEUE) {
            var config = call.services().config();
            Optional<QueueConfig> queue = config.queue(to).or(() -> config.queueForNumber(to));
            if (queue.isEmpty()) {
                call.emit(new CallTransferred(call.id(), call.agent().agentId, kind, to, TransferOutcome.FAILED,
                        call.now()));
                return true;
            }
            toQueue(queue.get());
        } else if (kind == TargetKind.SURVEY) {
            toSurvey(to);
        } else {
            toNumber(to);
        }
        return true;
    }

    /** To the survey of the call's queue ({@code queueId}): the agent's leg is BYEd, the customer stays. */
    private void toSurvey(String queueId) {
        SipLeg agentLeg = call.agent();
        boolean ours = call.queue() != null && call.queue().id().equals(queueId) && call.queue().survey().isPresent();
        TransferOutcome outcome = ours ? TransferOutcome.COMPLETED : TransferOutcome.FAILED;
        call.emit(new CallTransferred(call.id(), agentLeg.agentId, TargetKind.SURVEY, queueId, outcome, call.now()));
        if (ours && !call.menu().toSurvey(agentLeg, ClearCause.TRANSFERRED)) {
            LOG.warn("call {}: cannot move the customer to the survey", call.id());
        }
    }

    private void toQueue(QueueConfig queue) {
        call.monitor().callMoved(); // MonitorEnded CALL_MOVED; the plain relay is back before we unbridge it
        SipLeg agentLeg = call.agent();
        call.services().media().unbridge(call.caller().media, agentLeg.media);
        notifyReferrer("SIP/2.0 200 OK", true);
        call.legs().sendBye(agentLeg);
        call.requeue(queue);
        LOG.info("call {} transferred to queue {}", call.id(), queue.id());
        call.emit(new CallTransferred(call.id(), agentLeg.agentId, TargetKind.QUEUE, queue.id(),
                TransferOutcome.COMPLETED, call.now()));
        call.emit(new CallOffered(call.id(), queue.id(), call.callerNumber(), call.dialledNumber(), call.trunkId(),
                call.now()));
        call.playQueueTreatment(List.of(call.services().prompts().greeting(queue)));
        call.publishView();
    }

    private void toNumber(String number) {
        TrunkConfig trunk = TrunkChallenges.trunkFor(call.services().config(), call.trunkId());
        if (trunk == null) {
            failed(number, Response.SERVICE_UNAVAILABLE, "No Trunk");
            return;
        }
        target = number;
        call.monitor().callMoved();
        call.fire(CallTrigger.TRANSFER_DIAL);
        call.services().media().unbridge(call.caller().media, call.agent().media);
        call.musicToCaller();
        call.publishView();
        SipLeg leg = call.dialer().open(LegRole.EXTERNAL, this);
        LOG.info("call {}: transferring to {} through trunk {}", call.id(), PhoneMask.mask(number), trunk.id());
        call.dialer().dial(leg, new LegDialer.Target(SipSupport.trunkUri(trunk, number), call.callerNumber(),
                "sip:" + number + "@" + trunk.host(), trunk.transport() == TrunkConfig.Transport.TLS,
                call.caller().media, () -> call.caller().codecOr(G711.PCMU), () -> call.is(CallPhase.TRANSFERRING),
                call.sessions()::addToInvite));
    }

    // ---------------------------------------------------------------- owner of the external leg

    @Override
    public void onProgress(SipLeg leg, boolean first) {
        if (first) {
            notifyReferrer("SIP/2.0 180 Ringing", false);
        }
    }

    @Override
    public boolean wantsAnswer(SipLeg leg) {
        return call.is(CallPhase.TRANSFERRING);
    }

    @Override
    public void onAnswered(SipLeg leg, SipEvent.ResponseReceived ok) {
        call.sessions().onAnswered(leg, ok.response());
        SipLeg agentLeg = call.agent();
        call.services().media().stopPlaying(call.caller().media);
        call.services().media().bridge(call.caller().media, leg.media);
        notifyReferrer("SIP/2.0 200 OK", true);
        if (agentLeg != null) {
            call.legs().sendBye(agentLeg);
        }
        call.transferCompleted();
        long now = call.now();
        call.emit(new CallTransferred(call.id(), agentLeg == null ? null : agentLeg.agentId, TargetKind.NUMBER, target,
                TransferOutcome.COMPLETED, now));
        call.clearOnce(ClearCause.TRANSFERRED, now);
        call.publishView();
    }

    /** The trunk leg failed (an INVITE that never left: the trunk is unreachable): the caller is back. */
    @Override
    public void onFailed(SipLeg leg, int status, String reason) {
        if (LegDialer.NOT_SENT.equals(reason)) {
            reason = "Trunk Unreachable";
        }
        if (!call.is(CallPhase.TRANSFERRING)) {
            return;
        }
        call.fire(CallTrigger.TRANSFER_FAILED);
        call.services().media().stopPlaying(call.caller().media);
        call.holds().stopSilence();
        if (call.agent() != null && call.agent().media != null) {
            call.services().media().bridge(call.caller().media, call.agent().media);
        }
        failed(target, status, reason);
        call.publishView();
    }

    private void failed(String number, int status, String reason) {
        notifyReferrer("SIP/2.0 " + status + " " + (reason == null ? "Failed" : reason), true);
        call.emit(new CallTransferred(call.id(), call.agent() == null ? null : call.agent().agentId, TargetKind.NUMBER,
                number, TransferOutcome.FAILED, call.now()));
    }

    private void notifyReferrer(String sipfrag, boolean terminated) {
        if (referrer == null || referrer.dialog == null) {
            return;
        }
        try {
            call.services().sip().notifyRefer(referrer.dialog, sipfrag + "\r\n", terminated);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: cannot NOTIFY the referrer: {}", call.id(), e.toString());
        }
        if (terminated) {
            referrer = null;
        }
    }
}
