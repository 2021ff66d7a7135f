package dev.cti.gateway.b2bua;

import dev.cti.config.TrunkConfig;
import dev.cti.gateway.sip.registrar.Binding;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.sdp.MediaDirection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-dial (Originate): ring the agent's phone first; when the agent answers, dial the customer's number
 * through the trunk; bridge the two when the customer answers. Progress goes to the server as
 * {@code OriginateProgress} (AGENT_RINGING, DIALING, REMOTE_RINGING, CONNECTED, FAILED then CallCleared FAILED).
 * After CONNECTED the call is an ordinary connected call (hold, transfer, BYE). Runs on the call's executor.
 */
final class CallOriginate {
    private static final Logger LOG = LoggerFactory.getLogger(CallOriginate.class);
    /** How long the agent's own phone may ring before the originate fails. */
    static final int AGENT_RING_SECONDS = 30;

    private final Call call;
    private String requestId;
    private String number;
    private ScheduledFuture<?> ringTimer;

    CallOriginate(Call call) {
        this.call = call;
    }

    void start(String requestId, String agentId, String extension, String number) {
        this.requestId = requestId;
        this.number = number;
        call.offered = true; // the server knows this call from now on (snapshot, CallCleared)
        List<Binding> bindings = call.s.locations().bindings(extension);
        SipLeg leg = call.newLeg(LegRole.AGENT, call.s.sip().newCallId(), LegState.CALLING);
        leg.agentId = agentId;
        leg.extension = extension;
        call.agent = leg;
        call.ringStartedAt = call.now();
        call.publishView();
        if (bindings.isEmpty()) {
            leg.fsm.fire(LegTrigger.FAILURE);
            failed(leg, Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        ringTimer = call.s.timers().schedule(() -> call.executor.execute(() -> agentRingTimeout(leg)),
                AGENT_RING_SECONDS, TimeUnit.SECONDS);
        String contact = bindings.get(bindings.size() - 1).contact().replaceAll("^\\s*<|>.*$", "");
        call.secureIfTls(leg, SipSupport.isTls(contact));
        call.s.media().allocateLeg().whenCompleteAsync((media, error) -> {
            if (error != null) {
                leg.fsm.fire(LegTrigger.FAILURE);
                failed(leg, Response.SERVICE_UNAVAILABLE);
                return;
            }
            leg.media = media;
            call.s.directory().bindMedia(media, call);
            if (!call.fsm.is(CallPhase.ORIGINATING) || !leg.fsm.is(LegState.CALLING)) {
                call.release(leg);
                return;
            }
            Call.requireSrtpIfOffered(leg);
            String offer = call.negotiator(call.customerCodec(), leg).offer(media.localPort(), MediaDirection.SENDRECV,
                    leg.sdpSessionId, leg.nextSdpVersion());
            try {
                leg.inviteClient = call.s.sip().invite(leg.callId, contact, number,
                        "sip:" + extension + "@" + call.s.domain(), offer, call.sessions::addToInvite);
                leg.dialog = leg.inviteClient.getDialog();
            } catch (SipException | RuntimeException e) {
                LOG.info("call {}: cannot INVITE extension {}: {}", call.id, extension, e.toString());
                leg.fsm.fire(LegTrigger.FAILURE);
                failed(leg, Response.SERVICE_UNAVAILABLE);
            }
        }, call.executor);
    }

    private void agentRingTimeout(SipLeg leg) {
        if (call.fsm.is(CallPhase.ORIGINATING) && call.agent == leg) {
            LOG.info("call {}: agent {} did not pick up the outbound call", call.id, leg.extension);
            call.cancelOrBye(leg);
            failed(leg, Response.REQUEST_TIMEOUT);
        }
    }

    void progress(OriginateState state) {
        call.emit(new OriginateProgress(requestId, call.id, state, call.now()));
    }

    /** The agent picked up: dial the customer through the trunk. */
    void agentAnswered(SipLeg agentLeg) {
        cancelTimer();
        call.fsm.fire(CallTrigger.AGENT_ANSWERED);
        progress(OriginateState.DIALING);
        call.publishView();
        TrunkConfig trunk = TrunkChallenges.trunkFor(call.s.config(), call.trunkId);
        if (trunk == null) {
            failed(null, Response.SERVICE_UNAVAILABLE);
            return;
        }
        SipLeg leg = call.newLeg(LegRole.CALLER, call.s.sip().newCallId(), LegState.CALLING);
        call.caller = leg;
        String uri = SipSupport.trunkUri(trunk, number);
        call.secureIfTls(leg, trunk.transport() == TrunkConfig.Transport.TLS);
        LOG.info("call {}: agent {} answered, dialling {}", call.id, agentLeg.extension, PhoneMask.mask(number));
        call.s.media().allocateLeg(agentLeg.media).whenCompleteAsync((media, error) -> {
            if (error != null) {
                leg.fsm.fire(LegTrigger.FAILURE);
                failed(leg, Response.SERVICE_UNAVAILABLE);
                return;
            }
            leg.media = media;
            call.s.directory().bindMedia(media, call);
            if (!call.fsm.is(CallPhase.DIALING) || !leg.fsm.is(LegState.CALLING)) {
                call.release(leg);
                return;
            }
            Call.requireSrtpIfOffered(leg);
            String offer = call.negotiator(agentLeg.codecOr(call.customerCodec()), leg).offer(media.localPort(),
                    MediaDirection.SENDRECV, leg.sdpSessionId, leg.nextSdpVersion());
            try {
                leg.inviteClient = call.s.sip().invite(leg.callId, uri, agentLeg.extension,
                        "sip:" + number + "@" + trunk.host(), offer, call.sessions::addToInvite);
                leg.dialog = leg.inviteClient.getDialog();
            } catch (SipException | RuntimeException e) {
                LOG.info("call {}: cannot INVITE the trunk: {}", call.id, e.toString());
                leg.fsm.fire(LegTrigger.FAILURE);
                failed(leg, Response.SERVICE_UNAVAILABLE);
            }
        }, call.executor);
    }

    /** The customer answered: bridge and report CONNECTED. */
    void customerAnswered(SipLeg leg) {
        call.s.media().bridge(call.agent.media, leg.media);
        call.answeredAt = call.now();
        call.fsm.fire(CallTrigger.REMOTE_ANSWERED);
        progress(OriginateState.CONNECTED);
        call.recorder.connected();
        call.publishView();
    }

    /** Either leg failed before the call connected: report FAILED and end the call (CallCleared FAILED). */
    void failed(SipLeg leg, int status) {
        cancelTimer();
        if (call.phase() == CallPhase.ENDED) {
            return;
        }
        LOG.info("call {}: originate failed ({})", call.id, status);
        progress(OriginateState.FAILED);
        call.end(ClearCause.FAILED, leg);
    }

    private void cancelTimer() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
            ringTimer = null;
        }
    }
}
