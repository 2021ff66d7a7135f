package dev.cti.gateway.b2bua;

import dev.cti.config.QueueConfig;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.sdp.MediaSecurity;
import dev.cti.gateway.media.sdp.NegotiatedMedia;
import dev.cti.gateway.media.sdp.SdpNegotiator;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.RingFailureReason;
import dev.cti.link.message.Snapshot;
import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpParser;
import dev.cti.protocol.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One customer call: the caller's leg, at most one agent leg being rung or connected, and (after a blind transfer
 * to a number) an external leg; the call's state machine ({@link CallTransitions}) and each leg's
 * ({@link LegTransitions}). Every method runs on the call's {@link SerialExecutor} (the B2BUA hops there before
 * calling in), so nothing here needs a lock. Transfers live in {@link CallTransfers}.
 */
final class Call {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);
    /** RFC 4028 422 Session Interval Too Small (jain-sip has no constant for it). */
    static final int SESSION_INTERVAL_TOO_SMALL = 422;

    final String id;
    final Executor executor;
    final CallServices s;
    final StateMachine<CallPhase, CallTrigger> fsm;
    final List<SipLeg> legs = new ArrayList<>();
    final CallTransfers transfers;
    final CallSessionTimers sessions;
    final CallReInvites reInvites;
    final CallDelivery delivery;
    final CallOriginate originate;
    final CallMonitor monitor;
    final CallHolds holds;
    final CallRemoteAnswer remoteAnswer;
    final CallRecorder recorder;
    final TrunkChallenges trunkAuth;
    private final CallAdmission.Permit permit;

    QueueConfig queue;
    final String callerNumber;
    final String dialledNumber;
    final String trunkId;
    final long startedAt;
    Long answeredAt;
    Long heldAt;
    SipLeg caller;
    /** The agent leg being rung or connected; null while queued. */
    SipLeg agent;
    long ringStartedAt;
    ScheduledFuture<?> ringTimer;
    boolean offered;
    boolean cleared;
    private volatile Snapshot.CallSnapshot view;

    Call(String id, Executor executor, CallServices services, QueueConfig queue, String callerNumber,
         String dialledNumber, String trunkId, CallAdmission.Permit permit, CallPhase initial) {
        this.id = id;
        // A bug in one handler must not leave the call half-alive: log it, count it and end the call.
        this.executor = task -> executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("call {}: handler failed, ending the call", id, e);
                services.metrics().callError();
                end(ClearCause.FAILED, null);
            }
        });
        this.s = services;
        this.queue = queue;
        this.callerNumber = callerNumber;
        this.dialledNumber = dialledNumber;
        this.trunkId = trunkId;
        this.permit = permit;
        this.startedAt = services.clock().millis();
        this.fsm = new StateMachine<>(CallTransitions.TABLE, initial, (state, trigger) -> {
            LOG.warn("call {}: {} not expected in {}", id, trigger, state);
            services.metrics().unexpected("call", state, trigger);
        });
        this.transfers = new CallTransfers(this);
        this.sessions = new CallSessionTimers(this);
        this.reInvites = new CallReInvites(this);
        this.delivery = new CallDelivery(this);
        this.originate = new CallOriginate(this);
        this.monitor = new CallMonitor(this); // follows fsm's hold changes
        this.recorder = new CallRecorder(this); // so does the recording (hold spans)
        this.holds = new CallHolds(this);
        this.remoteAnswer = new CallRemoteAnswer(this);
        this.trunkAuth = new TrunkChallenges(this);
        publishView();
    }

    SipLeg newLeg(LegRole role, String sipCallId, LegState initial) {
        SipLeg leg = new SipLeg(role, sipCallId, initial, Math.abs(s.clock().millis() ^ System.nanoTime()),
                (state, trigger) -> {
                    LOG.warn("call {} {} leg: {} not expected in {}", id, role, trigger, state);
                    s.metrics().unexpected("leg", state, trigger);
                });
        legs.add(leg);
        s.directory().bindSip(sipCallId, this, leg);
        return leg;
    }

    SipLeg legFor(String sipCallId) {
        for (SipLeg l : legs) {
            if (l.callId.equals(sipCallId)) {
                return l;
            }
        }
        return null;
    }

    CallPhase phase() {
        return fsm.state();
    }

    Snapshot.CallSnapshot view() {
        return view;
    }

    void publishView() {
        var state = fsm.state().linkState();
        if (state == null || !offered && fsm.is(CallPhase.ANSWERING)) {
            view = null;
            return;
        }
        view = new Snapshot.CallSnapshot(id, state, queue == null ? null : queue.id(),
                agent == null ? null : agent.agentId, agent == null ? null : agent.extension, callerNumber, startedAt,
                answeredAt, heldAt, monitor.snapshot(), recorder.snapshot());
    }

    /** Music for hold and queueing: the call's queue's, or the first queue's for outbound calls. */
    dev.cti.gateway.media.audio.Prompt holdMusic() {
        QueueConfig q = queue != null ? queue : s.config().queues().isEmpty() ? null : s.config().queues().get(0);
        return q == null ? null : s.prompts().music(q);
    }

    G711 customerCodec() {
        return caller == null ? G711.PCMU : caller.codecOr(G711.PCMU);
    }

    /** The negotiator for {@code leg}'s SDP: its codec preference and its SRTP stance ({@link SipLeg#security}). */
    SdpNegotiator negotiator(G711 preferred, SipLeg leg) {
        return new SdpNegotiator(s.rtpHost(), preferred == G711.PCMA ? List.of(G711.PCMA, G711.PCMU)
                : List.of(G711.PCMU, G711.PCMA), leg.security);
    }

    /**
     * Makes {@code leg} an SRTP leg when its SIP is TLS (fresh keys for every suite, network.sip.tls.srtp decides
     * whether a plain offer is refused); a plain leg stays plain and refuses SDES keys.
     */
    void secureIfTls(SipLeg leg, boolean tls) {
        if (tls) {
            leg.security = MediaSecurity.srtp(s.config().network().sip().tls().srtp()
                    == dev.cti.config.NetworkConfig.Tls.Srtp.OPTIONAL ? MediaSecurity.Mode.SRTP_OPTIONAL
                    : MediaSecurity.Mode.SRTP_REQUIRED, s.random());
        }
    }

    /** Before our offer leaves on an SRTP leg: its media drops everything until the answer brings the keys. */
    static void requireSrtpIfOffered(SipLeg leg) {
        if (leg.security.srtp() && leg.media != null) {
            leg.media.requireSrtp();
        }
    }

    // ---------------------------------------------------------------- inbound

    /** A new INVITE from the trunk for {@link #queue}: 100, allocate RTP, then 200 with the SDP answer. */
    void startInbound(SipEvent.RequestReceived invite) {
        caller = newLeg(LegRole.CALLER, SipSupport.callId(invite.request()), LegState.OFFERED);
        secureIfTls(caller, "TLS".equalsIgnoreCase(invite.transport()));
        caller.inviteServer = s.sip().messenger().serverTransaction(invite);
        if (caller.inviteServer == null) {
            end(ClearCause.FAILED, null); // a retransmission raced its original: nothing to answer
            return;
        }
        try {
            caller.inviteServer.sendResponse(s.sip().messenger().createResponse(invite.request(), Response.TRYING));
            caller.dialog = s.sip().provider().getNewDialog(caller.inviteServer);
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            LOG.warn("call {}: cannot start the caller dialog: {}", id, e.toString());
            end(ClearCause.FAILED, null);
            return;
        }
        String body = SipSupport.body(invite.request());
        final dev.cti.protocol.sdp.SessionDescription offer;
        try {
            if (body == null) {
                throw new SdpException(0, "INVITE without SDP (late offer is not supported)");
            }
            offer = SdpParser.parse(body);
        } catch (SdpException e) {
            LOG.info("call {}: unusable SDP offer: {}", id, e.getMessage());
            s.metrics().callRefused("bad_sdp");
            rejectCaller(Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        if (sessions.negotiateInbound(caller, invite.request()) == SESSION_INTERVAL_TOO_SMALL) {
            try {
                Response tooSmall = s.sip().messenger().createResponse(invite.request(),
                        SESSION_INTERVAL_TOO_SMALL);
                sessions.addMinSe(tooSmall);
                caller.inviteServer.sendResponse(tooSmall);
            } catch (SipException | javax.sip.InvalidArgumentException e) {
                LOG.debug("call {}: cannot send 422: {}", id, e.toString());
            }
            caller.fsm.fire(LegTrigger.REJECT_SENT);
            end(ClearCause.FAILED, caller);
            return;
        }
        s.media().allocateLeg().whenCompleteAsync((media, error) -> {
            if (error != null) {
                LOG.warn("call {}: no RTP leg: {}", id, error.toString());
                s.metrics().callRefused("no_rtp_port");
                rejectCaller(Response.SERVICE_UNAVAILABLE);
                return;
            }
            onCallerMedia(invite, offer, media);
        }, executor);
    }

    private void onCallerMedia(SipEvent.RequestReceived invite, dev.cti.protocol.sdp.SessionDescription offer,
                               MediaLeg media) {
        caller.media = media;
        s.directory().bindMedia(media, this);
        if (!fsm.is(CallPhase.ANSWERING) || !caller.fsm.is(LegState.OFFERED)) {
            release(caller); // CANCEL or shutdown while we were allocating
            return;
        }
        SdpNegotiator.Answer answer;
        try {
            answer = negotiator(G711.PCMU, caller).answer(offer, media.localPort(), caller.sdpSessionId,
                    caller.nextSdpVersion());
        } catch (SdpException e) {
            LOG.info("call {}: {}: {}", id, e.reason() != null ? "SDP offer refused" : "no common codec",
                    e.getMessage()); // an SdpException never repeats a key
            s.metrics().callRefused(e.reason() != null ? e.reason() : "no_common_codec");
            rejectCaller(Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        caller.negotiated = answer.media();
        caller.signallingHost = SipSupport.packetSource(invite.request());
        media.configure(caller.remoteMedia(answer.media()));
        try {
            Response ok = s.sip().response(invite.request(), Response.OK, answer.sdp(), invite.transport());
            sessions.addToAnswer(caller, ok);
            caller.inviteServer.sendResponse(ok);
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            LOG.warn("call {}: cannot send 200 OK: {}", id, e.toString());
            end(ClearCause.FAILED, null);
            return;
        }
        caller.fsm.fire(LegTrigger.ANSWER_SENT);
        caller.localDirection = answer.media().remoteDirection().answer();
        sessions.arm(caller);
        fsm.fire(CallTrigger.ANSWERED_CALLER);
        offered = true;
        LOG.info("call {} from {} answered into queue {}", id, PhoneMask.mask(callerNumber), queue.id());
        emit(new CallOffered(id, queue.id(), callerNumber, dialledNumber, trunkId, now()));
        playQueueTreatment(List.of(s.prompts().greeting(queue)));
        publishView();
    }

    void playQueueTreatment(List<dev.cti.gateway.media.audio.Prompt> prompts) {
        if (caller != null && caller.media != null) {
            s.media().play(caller.media, prompts, holdMusic());
        }
    }

    private void rejectCaller(int status) {
        if (caller.fsm.is(LegState.OFFERED) && caller.inviteServer != null) {
            try {
                caller.inviteServer.sendResponse(s.sip().messenger().createResponse(
                        caller.inviteServer.getRequest(), status));
            } catch (SipException | javax.sip.InvalidArgumentException e) {
                LOG.debug("call {}: cannot send {}: {}", id, status, e.toString());
            }
            caller.fsm.fire(LegTrigger.REJECT_SENT);
        }
        end(ClearCause.FAILED, caller);
    }

    // ---------------------------------------------------------------- commands

    /** The ring attempt of {@code leg} is over without an answer; the caller stays on the queue treatment. */
    void ringFailed(SipLeg leg, RingFailureReason reason) {
        if (agent != leg || fsm.is(CallPhase.ENDED)) {
            return; // e.g. the 487 to the CANCEL that end() sent, routed here before the call was forgotten
        }
        cancelRingTimer();
        agent = null;
        if (!fsm.fire(CallTrigger.RING_FAILED)) {
            return;
        }
        if (!leg.state().alive() || leg.fsm.is(LegState.TERMINATED)) {
            release(leg);
        }
        emit(new AgentRingFailed(id, leg.agentId, reason, now() - ringStartedAt, now()));
        publishView();
    }

    void announce(int position, int estimatedWaitSeconds) {
        if (fsm.fire(CallTrigger.ANNOUNCE)) {
            playQueueTreatment(s.prompts().announcement(queue, position, estimatedWaitSeconds));
        }
    }

    /** HangUp from the server. */
    void hangUp(ClearCause cause) {
        end(cause == null ? ClearCause.SERVER_HANGUP : cause, null);
    }

    // ---------------------------------------------------------------- SIP in

    void onRequest(SipLeg leg, SipEvent.RequestReceived event) {
        switch (event.method()) {
            case Request.ACK -> {
                if (leg.fsm.is(LegState.ANSWERED)) {
                    leg.fsm.fire(LegTrigger.ACK_RECEIVED);
                }
            }
            case Request.BYE -> {
                s.sip().messenger().respond(event, Response.OK);
                leg.fsm.fire(LegTrigger.BYE_RECEIVED);
                byeReceived(leg);
            }
            case Request.CANCEL -> onCancel(leg, event);
            case Request.INVITE, "UPDATE" -> reInvites.onReInvite(leg, event);
            case Request.REFER -> transfers.onRefer(leg, event);
            case Request.NOTIFY, Request.INFO -> s.sip().messenger().respond(event, Response.OK);
            default -> s.sip().messenger().respond(event, Response.METHOD_NOT_ALLOWED);
        }
    }

    private void byeReceived(SipLeg leg) {
        if (leg == caller) {
            boolean talking = fsm.is(CallPhase.CONNECTED) || fsm.is(CallPhase.HELD)
                    || fsm.is(CallPhase.HELD_BY_SERVER)
                    || fsm.is(CallPhase.TRANSFERRING) || fsm.is(CallPhase.EXTERNAL);
            end(talking ? ClearCause.CALLER_HANGUP : ClearCause.ABANDONED, leg);
        } else if (leg == agent) {
            end(ClearCause.AGENT_HANGUP, leg);
        } else if (leg.role == LegRole.EXTERNAL && fsm.is(CallPhase.EXTERNAL)) {
            end(ClearCause.TRANSFERRED, leg);
        } else if (!monitor.onSupervisorBye(leg)) {
            release(leg); // an old agent leg that we had already left
        }
    }

    private void onCancel(SipLeg leg, SipEvent.RequestReceived event) {
        s.sip().messenger().respond(event, Response.OK);
        if (leg == caller && caller.fsm.is(LegState.OFFERED)) {
            try {
                caller.inviteServer.sendResponse(s.sip().messenger().createResponse(caller.inviteServer.getRequest(),
                        Response.REQUEST_TERMINATED));
            } catch (SipException | javax.sip.InvalidArgumentException e) {
                LOG.debug("call {}: cannot send 487: {}", id, e.toString());
            }
            caller.fsm.fire(LegTrigger.REJECT_SENT);
            end(ClearCause.ABANDONED, caller);
        }
    }

    void onResponse(SipLeg leg, SipEvent.ResponseReceived event) {
        if (Request.BYE.equals(event.method())) {
            if (leg.fsm.is(LegState.TERMINATING)) {
                leg.fsm.fire(LegTrigger.BYE_DONE);
                release(leg);
            }
            return;
        }
        if (Request.NOTIFY.equals(event.method()) && remoteAnswer.onResponse(event)) {
            return;
        }
        if (!Request.INVITE.equals(event.method())) {
            return; // CANCEL, NOTIFY of a REFER: nothing depends on their answers
        }
        if (monitor.owns(leg)) {
            monitor.onInviteResponse(leg, event);
            return;
        }
        if (sessions.onRefreshResponse(leg, event)) {
            return;
        }
        int status = event.status();
        if (status < 200) {
            if (status > 100 && leg.fsm.accepts(LegTrigger.PROVISIONAL)) {
                boolean first = leg.fsm.is(LegState.CALLING);
                leg.fsm.fire(LegTrigger.PROVISIONAL);
                if (first && leg == agent && fsm.is(CallPhase.ORIGINATING)) {
                    fsm.fire(CallTrigger.AGENT_PROGRESS);
                    originate.progress(dev.cti.link.message.OriginateState.AGENT_RINGING);
                } else if (first && leg == caller && fsm.is(CallPhase.DIALING)) {
                    fsm.fire(CallTrigger.REMOTE_PROGRESS);
                    originate.progress(dev.cti.link.message.OriginateState.REMOTE_RINGING);
                } else if (first && leg == agent) {
                    fsm.fire(CallTrigger.AGENT_PROGRESS);
                    emit(new AgentRinging(id, leg.agentId, leg.extension, now()));
                } else if (first && leg.role == LegRole.EXTERNAL) {
                    transfers.onExternalProgress(leg);
                }
            }
            return;
        }
        if (status < 300) {
            onSuccess(leg, event);
            return;
        }
        if (trunkAuth.onInviteResponse(leg, event)) {
            return; // the trunk challenged our INVITE: re-sent with credentials, still ringing
        }
        if (leg.fsm.accepts(LegTrigger.FAILURE)) {
            leg.fsm.fire(LegTrigger.FAILURE);
        }
        release(leg);
        legFailed(leg, status, event.response().getReasonPhrase());
    }

    /** An INVITE we sent ended without an answer we can use. */
    private void legFailed(SipLeg leg, int status, String reason) {
        if (fsm.is(CallPhase.ORIGINATING) || fsm.is(CallPhase.DIALING)) {
            originate.failed(leg, status);
        } else if (leg == agent) {
            ringFailed(leg, reasonOf(status));
        } else if (leg.role == LegRole.EXTERNAL) {
            transfers.onExternalFailed(leg, status, reason);
        }
    }

    static RingFailureReason reasonOf(int status) {
        return switch (status) {
            case Response.BUSY_HERE, Response.BUSY_EVERYWHERE -> RingFailureReason.BUSY;
            case Response.DECLINE -> RingFailureReason.REJECTED;
            case Response.REQUEST_TERMINATED -> RingFailureReason.CANCELLED;
            default -> RingFailureReason.UNREACHABLE;
        };
    }

    private void onSuccess(SipLeg leg, SipEvent.ResponseReceived event) {
        if (leg.dialog == null && event.clientTransaction() != null) {
            leg.dialog = event.clientTransaction().getDialog();
        }
        if (leg.dialog == null && event.raw() != null) {
            leg.dialog = event.raw().getDialog();
        }
        try {
            s.sip().ack(leg.dialog, event.response());
        } catch (SipException | RuntimeException e) {
            LOG.warn("call {}: cannot ACK the {} leg: {}", id, leg.role, e.toString());
        }
        if (leg.fsm.is(LegState.CONFIRMED)) {
            return; // a retransmitted 200: ACKed again above
        }
        boolean wanted = leg.fsm.accepts(LegTrigger.SUCCESS) && leg.fsm.state() != LegState.CANCELLING
                && (leg == agent && (fsm.is(CallPhase.RINGING) || fsm.is(CallPhase.ORIGINATING))
                || leg == caller && fsm.is(CallPhase.DIALING)
                || leg.role == LegRole.EXTERNAL && fsm.is(CallPhase.TRANSFERRING));
        NegotiatedMedia answer = null;
        if (wanted) {
            try {
                String body = SipSupport.body(event.response());
                answer = negotiator(customerCodec(), leg).accept(SdpParser.parse(body == null ? "" : body));
            } catch (SdpException e) {
                LOG.info("call {}: unusable SDP answer from the {} leg: {}", id, leg.role, e.getMessage());
                wanted = false;
            }
        }
        if (!wanted) {
            // Answered too late (cancelled, call over) or unusable: end that dialog at once.
            if (leg.fsm.accepts(LegTrigger.SUCCESS)) {
                leg.fsm.fire(LegTrigger.SUCCESS);
            }
            if (leg.fsm.is(LegState.CONFIRMED)) {
                sendBye(leg);
            } else if (leg.fsm.is(LegState.TERMINATING)) {
                byeOnly(leg);
            }
            if (leg == agent || leg == caller || fsm.is(CallPhase.TRANSFERRING)) {
                legFailed(leg, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here");
            }
            return;
        }
        leg.fsm.fire(LegTrigger.SUCCESS);
        sessions.onAnswered(leg, event.response());
        leg.negotiated = answer;
        leg.signallingHost = SipSupport.packetSource(event.response());
        leg.media.configure(leg.remoteMedia(answer));
        if (leg == agent && fsm.is(CallPhase.ORIGINATING)) {
            originate.agentAnswered(leg);
        } else if (leg == agent) {
            agentAnswered(leg);
        } else if (leg == caller) {
            originate.customerAnswered(leg);
        } else {
            transfers.onExternalAnswered(leg);
        }
    }

    private void agentAnswered(SipLeg leg) {
        cancelRingTimer();
        s.media().stopPlaying(caller.media);
        s.media().bridge(caller.media, leg.media);
        answeredAt = now();
        fsm.fire(CallTrigger.AGENT_ANSWERED);
        LOG.info("call {} answered by extension {}", id, leg.extension);
        emit(new CallAnswered(id, leg.agentId, answeredAt - ringStartedAt, answeredAt));
        recorder.connected(); // the first answer of the call starts its one recording
        publishView();
    }

    void onTimeout(SipLeg leg, SipEvent.TransactionTimedOut timeout) {
        if (!Request.INVITE.equals(timeout.method())) {
            if (leg.fsm.is(LegState.TERMINATING)) {
                leg.fsm.fire(LegTrigger.TIMEOUT);
                release(leg);
            }
            return;
        }
        if (!timeout.serverSide() && monitor.owns(leg)) {
            monitor.onInviteTimeout(leg);
            return;
        }
        if (!timeout.serverSide() && sessions.onRefreshTimeout(leg)) {
            return;
        }
        if (timeout.serverSide()) {
            if (leg == caller && caller.fsm.is(LegState.ANSWERED)) {
                caller.fsm.fire(LegTrigger.TIMEOUT); // our 200 was never ACKed: the caller is gone
                end(ClearCause.FAILED, caller);
            }
            return;
        }
        if (leg.fsm.accepts(LegTrigger.TIMEOUT)) {
            leg.fsm.fire(LegTrigger.TIMEOUT);
        }
        release(leg);
        legFailed(leg, Response.REQUEST_TIMEOUT, "Request Timeout");
    }

    /** The RTP of one of the call's legs stopped: its far end vanished. */
    void onMediaInactive(MediaLeg media) {
        if (fsm.is(CallPhase.ENDED) || monitor.onMediaInactive(media)) {
            return;
        }
        boolean ours = legs.stream().anyMatch(l -> l.media == media && l.state().alive());
        if (ours) {
            LOG.info("call {}: no RTP for too long, clearing", id);
            end(ClearCause.RTP_TIMEOUT, null);
        }
    }

    // ---------------------------------------------------------------- ending

    /** Ends the call: every live leg but {@code except} is cancelled / BYEd / rejected, media released, once. */
    void end(ClearCause cause, SipLeg except) {
        boolean ringing = fsm.is(CallPhase.RINGING);
        if (!fsm.fire(CallTrigger.END)) {
            return;
        }
        cancelRingTimer();
        monitor.callEnded(); // MonitorEnded CALL_ENDED before CallCleared
        recorder.callEnded(); // before the customer's leg is released: the recording is finished from what it has
        if (ringing && agent != null && offered) {
            // The server reserved the agent for this ring: tell it the ring is over before the call is.
            emit(new AgentRingFailed(id, agent.agentId, RingFailureReason.CANCELLED, now() - ringStartedAt, now()));
        }
        for (SipLeg leg : List.copyOf(legs)) {
            if (leg != except) {
                cancelOrBye(leg);
            }
            release(leg); // the call is over: late answers to a CANCEL/BYE are dropped by the B2BUA
        }
        permit.close();
        long now = now();
        if (offered && !cleared) {
            cleared = true;
            long waitEnd = answeredAt != null ? answeredAt : now;
            emit(new CallCleared(id, cause, waitEnd - startedAt, answeredAt == null ? 0 : now - answeredAt, now));
        }
        s.metrics().callEnded(cause);
        LOG.info("call {} ended: {}", id, cause);
        publishView();
        s.directory().removed(this);
    }

    /** Ends one leg the way its state needs: 480 before an answer, CANCEL while ringing, BYE when established. */
    void cancelOrBye(SipLeg leg) {
        switch (leg.state()) {
            case OFFERED -> {
                try {
                    leg.inviteServer.sendResponse(s.sip().messenger().createResponse(leg.inviteServer.getRequest(),
                            Response.TEMPORARILY_UNAVAILABLE));
                } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
                    LOG.debug("call {}: cannot reject the {} leg: {}", id, leg.role, e.toString());
                }
                leg.fsm.fire(LegTrigger.REJECT_SENT);
            }
            case CALLING, EARLY -> {
                leg.fsm.fire(LegTrigger.CANCEL_SENT);
                if (leg.inviteClient == null) {
                    leg.fsm.fire(LegTrigger.FAILURE); // INVITE never sent (still allocating RTP)
                    return;
                }
                try {
                    s.sip().cancel(leg.inviteClient);
                } catch (SipException | RuntimeException e) {
                    // CANCEL before any provisional is not allowed (RFC 3261 9.1); the INVITE times out instead.
                    LOG.debug("call {}: cannot CANCEL the {} leg: {}", id, leg.role, e.toString());
                }
            }
            case ANSWERED, CONFIRMED -> sendBye(leg);
            default -> { }
        }
    }

    void sendBye(SipLeg leg) {
        if (leg.fsm.fire(LegTrigger.BYE_SENT)) {
            byeOnly(leg);
        }
    }

    private void byeOnly(SipLeg leg) {
        try {
            s.sip().bye(leg.dialog, trunkAuth.byeChallenges(leg));
        } catch (SipException | RuntimeException e) {
            LOG.info("call {}: cannot BYE the {} leg: {}", id, leg.role, e.toString());
            leg.fsm.fire(LegTrigger.TIMEOUT);
            release(leg);
        }
    }

    /** Frees a leg's RTP ports and forgets its SIP Call-ID once it is over. */
    void release(SipLeg leg) {
        sessions.cancel(leg);
        if (leg.media != null) {
            s.directory().unbindMedia(leg.media);
            s.media().release(leg.media);
        }
        if (!leg.state().alive() && leg.fsm.is(LegState.TERMINATED)) {
            s.directory().unbindSip(leg.callId);
        }
    }

    void cancelRingTimer() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
            ringTimer = null;
        }
    }

    void emit(dev.cti.link.message.LinkEvent event) {
        s.events().accept(event);
    }

    long now() {
        return s.clock().millis();
    }

    @Override
    public String toString() {
        return "Call[" + id + " " + fsm.state() + "]";
    }
}
