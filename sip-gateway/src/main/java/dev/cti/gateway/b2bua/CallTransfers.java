package dev.cti.gateway.b2bua;

import dev.cti.config.QueueConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.TransferOutcome;
import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
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
 * NOTIFYs with a sipfrag of the outcome; the agent leg is released (BYE) after success. Runs on the call's executor.
 */
final class CallTransfers {
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
        var messenger = call.s.sip().messenger();
        ReferToHeader referTo = (ReferToHeader) event.request().getHeader(ReferToHeader.NAME);
        if (leg != call.agent) {
            messenger.respond(event, Response.FORBIDDEN); // only the connected agent's phone transfers the call
            return;
        }
        String user = referTo != null && referTo.getAddress().getURI() instanceof SipURI uri ? uri.getUser() : null;
        if (user == null || user.isEmpty() || user.length() > DialPolicy.MAX_TARGET_LENGTH) {
            if (referTo != null) {
                call.s.dialPolicy().refused(call.id, leg.agentId, leg.extension, DialSource.REFER,
                        user == null ? "" : user.substring(0, Math.min(user.length(), DialPolicy.MAX_TARGET_LENGTH)),
                        DialRefusal.BAD_NUMBER);
            }
            messenger.respond(event, Response.BAD_REQUEST);
            return;
        }
        Optional<QueueConfig> queue = call.s.config().queueForNumber(user).or(() -> call.s.config().queue(user));
        if (queue.isEmpty()) {
            Optional<DialRefusal> refusal = call.s.dialPolicy().referRefusal(leg.agentId, user);
            if (refusal.isPresent()) {
                call.s.dialPolicy().refused(call.id, leg.agentId, leg.extension, DialSource.REFER, user, refusal.get());
                messenger.respond(event, refusal.get() == DialRefusal.BAD_NUMBER ? Response.BAD_REQUEST
                        : Response.FORBIDDEN);
                return;
            }
        }
        if (!call.fsm.accepts(CallTrigger.TRANSFER_DIAL)) {
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
        if (!call.fsm.accepts(CallTrigger.TRANSFER_DIAL) || call.agent == null) {
            return false;
        }
        referrer = null;
        if (kind == TargetKind.QUEUE) {
            Optional<QueueConfig> queue = call.s.config().queue(to).or(() -> call.s.config().queueForNumber(to));
            if (queue.isEmpty()) {
                call.emit(new CallTransferred(call.id, call.agent.agentId, kind, to, TransferOutcome.FAILED,
                        call.now()));
                return true;
            }
            toQueue(queue.get());
        } else {
            toNumber(to);
        }
        return true;
    }

    private void toQueue(QueueConfig queue) {
        call.monitor.callMoved(); // MonitorEnded CALL_MOVED; the plain relay is back before we unbridge it
        SipLeg agentLeg = call.agent;
        call.s.media().unbridge(call.caller.media, agentLeg.media);
        notifyReferrer("SIP/2.0 200 OK", true);
        call.sendBye(agentLeg);
        call.agent = null;
        call.answeredAt = null;
        call.heldAt = null;
        call.queue = queue;
        call.fsm.fire(CallTrigger.REQUEUE);
        LOG.info("call {} transferred to queue {}", call.id, queue.id());
        call.emit(new CallTransferred(call.id, agentLeg.agentId, TargetKind.QUEUE, queue.id(),
                TransferOutcome.COMPLETED, call.now()));
        call.emit(new CallOffered(call.id, queue.id(), call.callerNumber, call.dialledNumber, call.trunkId,
                call.now()));
        call.playQueueTreatment(List.of(call.s.prompts().greeting(queue)));
        call.publishView();
    }

    private void toNumber(String number) {
        TrunkConfig trunk = TrunkChallenges.trunkFor(call.s.config(), call.trunkId);
        if (trunk == null) {
            failed(number, Response.SERVICE_UNAVAILABLE, "No Trunk");
            return;
        }
        target = number;
        call.monitor.callMoved();
        call.fsm.fire(CallTrigger.TRANSFER_DIAL);
        call.s.media().unbridge(call.caller.media, call.agent.media);
        call.s.media().play(call.caller.media, List.of(), call.holdMusic());
        call.publishView();
        SipLeg leg = call.newLeg(LegRole.EXTERNAL, call.s.sip().newCallId(), LegState.CALLING);
        String uri = SipSupport.trunkUri(trunk, number);
        call.secureIfTls(leg, trunk.transport() == TrunkConfig.Transport.TLS);
        LOG.info("call {}: transferring to {} through trunk {}", call.id, PhoneMask.mask(number), trunk.id());
        call.s.media().allocateLeg(call.caller.media).whenCompleteAsync((media, error) -> {
            if (error != null) {
                leg.fsm.fire(LegTrigger.FAILURE);
                onExternalFailed(leg, Response.SERVICE_UNAVAILABLE, "No RTP Port");
                return;
            }
            leg.media = media;
            call.s.directory().bindMedia(media, call);
            if (!call.fsm.is(CallPhase.TRANSFERRING) || !leg.fsm.is(LegState.CALLING)) {
                call.release(leg);
                return;
            }
            Call.requireSrtpIfOffered(leg);
            String offer = call.negotiator(call.caller.codecOr(G711.PCMU), leg).offer(media.localPort(),
                    MediaDirection.SENDRECV, leg.sdpSessionId, leg.nextSdpVersion());
            try {
                leg.inviteClient = call.s.sip().invite(leg.callId, uri, call.callerNumber,
                        "sip:" + number + "@" + trunk.host(), offer, call.sessions::addToInvite);
                leg.dialog = leg.inviteClient.getDialog();
            } catch (SipException | RuntimeException e) {
                LOG.info("call {}: cannot INVITE the trunk: {}", call.id, e.toString());
                leg.fsm.fire(LegTrigger.FAILURE);
                call.release(leg);
                onExternalFailed(leg, Response.SERVICE_UNAVAILABLE, "Trunk Unreachable");
            }
        }, call.executor);
    }

    void onExternalProgress(SipLeg leg) {
        notifyReferrer("SIP/2.0 180 Ringing", false);
    }

    void onExternalAnswered(SipLeg leg) {
        SipLeg agentLeg = call.agent;
        call.s.media().stopPlaying(call.caller.media);
        call.s.media().bridge(call.caller.media, leg.media);
        notifyReferrer("SIP/2.0 200 OK", true);
        if (agentLeg != null) {
            call.sendBye(agentLeg);
        }
        call.agent = null;
        call.fsm.fire(CallTrigger.TRANSFER_ANSWERED);
        long now = call.now();
        call.emit(new CallTransferred(call.id, agentLeg == null ? null : agentLeg.agentId, TargetKind.NUMBER, target,
                TransferOutcome.COMPLETED, now));
        if (!call.cleared) {
            call.cleared = true;
            long answered = call.answeredAt == null ? now : call.answeredAt;
            call.emit(new CallCleared(call.id, ClearCause.TRANSFERRED, answered - call.startedAt, now - answered,
                    now));
        }
        call.publishView();
    }

    void onExternalFailed(SipLeg leg, int status, String reason) {
        if (!call.fsm.is(CallPhase.TRANSFERRING)) {
            return;
        }
        call.fsm.fire(CallTrigger.TRANSFER_FAILED);
        call.s.media().stopPlaying(call.caller.media);
        call.holds.stopSilence();
        if (call.agent != null && call.agent.media != null) {
            call.s.media().bridge(call.caller.media, call.agent.media);
        }
        failed(target, status, reason);
        call.publishView();
    }

    private void failed(String number, int status, String reason) {
        notifyReferrer("SIP/2.0 " + status + " " + (reason == null ? "Failed" : reason), true);
        call.emit(new CallTransferred(call.id, call.agent == null ? null : call.agent.agentId, TargetKind.NUMBER,
                number, TransferOutcome.FAILED, call.now()));
    }

    private void notifyReferrer(String sipfrag, boolean terminated) {
        if (referrer == null || referrer.dialog == null) {
            return;
        }
        try {
            call.s.sip().notifyRefer(referrer.dialog, sipfrag + "\r\n", terminated);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: cannot NOTIFY the referrer: {}", call.id, e.toString());
        }
        if (terminated) {
            referrer = null;
        }
    }
}
