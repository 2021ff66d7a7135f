package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.mix.MonitorSession;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.StartMonitor;
import dev.cti.protocol.statemachine.StateMachine;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisor monitoring of one call (StartMonitor / SetMonitorMode / StopMonitor): calls the supervisor's phone from
 * the gateway with {@code Call-Info: answer-after=0}, attaches the media engine's {@link MonitorSession} when it
 * answers, switches modes, hands the call over on TAKEOVER, and ends the session when the call ends, moves or the
 * supervisor hangs up, reporting MonitorStarted / MonitorModeChanged / MonitorEnded. At most one session per call
 * at a time; its state machine is {@link MonitorTransitions}. Runs on the call's executor; {@link Call} only hooks
 * its SIP, media and ending paths in here.
 */
final class CallMonitor implements LegOwner {
    private static final Logger LOG = LoggerFactory.getLogger(CallMonitor.class);
    /** How long the supervisor's phone may ring before the session is reported NOT_ANSWERED. */
    static final int RING_SECONDS = 30;

    private final Call call;
    /** The live session (not ENDED), or null. */
    private Session current;

    CallMonitor(Call call) {
        this.call = call;
        // Hold and resume, whoever causes them (the phone's re-INVITE, HoldCall), reach a session's mixer.
        call.onPhaseChange((from, trigger, to) -> {
            if (CallHold.isHold(from) != CallHold.isHold(to) && to != CallPhase.ENDED) {
                holdChanged(CallHold.isHold(to));
            }
        });
    }

    /** One monitor session: the server's names for it, the supervisor's leg and the mixer once answered. */
    private final class Session {
        final String monitorId;
        final String supervisor;
        final String seatId;
        final String agentId;
        final StateMachine<MonitorState, MonitorTrigger> fsm;
        final SipLeg leg;
        MonitorMode mode;
        MonitorSession mixer;
        ScheduledFuture<?> ringTimer;

        Session(StartMonitor m, String agentId, SipLeg leg) {
            this.monitorId = m.monitorId();
            this.supervisor = m.supervisor();
            this.seatId = m.seatId();
            this.agentId = agentId;
            this.mode = m.mode();
            this.leg = leg;
            this.fsm = new StateMachine<>(MonitorTransitions.TABLE, MonitorState.CALLING, (state, trigger) -> {
                LOG.warn("call {} monitor {}: {} not expected in {}", call.id(), monitorId, trigger, state);
                call.services().metrics().unexpected("monitor", state, trigger);
            });
        }

        /** Fires and keeps the active-sessions gauge in step with ACTIVE. */
        boolean fire(MonitorTrigger trigger) {
            boolean wasActive = fsm.is(MonitorState.ACTIVE);
            if (!fsm.fire(trigger)) {
                return false;
            }
            boolean active = fsm.is(MonitorState.ACTIVE);
            if (wasActive != active) {
                call.services().metrics().monitorActive(active ? 1 : -1);
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- commands

    /**
     * StartMonitor: false (INVALID_STATE) when the call is not connected or held with an agent, or is monitored
     * already. During a consult the agent's private talk with the consulted party is monitored (LISTEN, WHISPER or
     * BARGE; TAKEOVER is refused until the consult is completed or cancelled); during a conference none starts. The
     * supervisor's extension must be registered (the B2BUA checks that before hopping here).
     */
    boolean start(StartMonitor m) {
        boolean consult = call.consult().talking() != null; // no take-over of a consult: complete or cancel first
        boolean talking = call.is(CallPhase.CONNECTED) || CallHold.isHold(call.phase())
                || consult && m.mode() != MonitorMode.TAKEOVER;
        if (current != null || !talking || call.agent() == null || call.agent().media == null || call.caller() == null
                || call.caller().media == null || !call.agent().fsm.is(LegState.CONFIRMED)
                || m.extension().equals(call.agent().extension)) {
            return false;
        }
        String contact = call.dialer().contactOf(m.extension());
        SipLeg leg = call.dialer().open(LegRole.SUPERVISOR, this);
        leg.agentId = m.seatId();
        leg.extension = m.extension();
        Session session = new Session(m, call.agent().agentId, leg);
        current = session;
        call.publishView();
        call.services().metrics().monitorRequested(m.mode().name());
        if (contact == null) {
            leg.fsm.fire(LegTrigger.FAILURE);
            call.legs().release(leg);
            finish(session, MonitorTrigger.NOT_ANSWERED, MonitorEndReason.NOT_ANSWERED);
            return true;
        }
        session.ringTimer = call.schedule(() -> ringTimeout(session), RING_SECONDS);
        String monitored = call.agent().extension;
        LOG.info("call {}: monitor {} by {} ({}), calling extension {}", call.id(), m.monitorId(), m.supervisor(),
                m.mode(), m.extension());
        call.dialer().dial(leg, new LegDialer.Target(contact, "monitor",
                "sip:" + m.extension() + "@" + call.services().domain(),
                SipSupport.isTls(contact), call.caller().media, call::customerCodec, () -> current == session,
                r -> monitorHeaders(r, monitored)));
        return true;
    }

    /** {@code Call-Info: <sip:gateway>;answer-after=0} (auto-answer) and a From display name naming the call. */
    private void monitorHeaders(Request invite, String monitoredExtension) {
        try {
            SipURI gw = (SipURI) call.services().sip().contact("udp").getAddress().getURI();
            invite.addHeader(call.services().sip().messenger().headerFactory().createHeader("Call-Info",
                    "<sip:" + gw.getHost() + ":" + gw.getPort() + ">;answer-after=0"));
            ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress()
                    .setDisplayName("Monitor " + (monitoredExtension == null ? "call" : monitoredExtension));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SetMonitorMode: false (INVALID_STATE) unless the named session is ACTIVE. */
    boolean setMode(String monitorId, MonitorMode mode) {
        Session m = named(monitorId);
        if (m == null || !m.fsm.is(MonitorState.ACTIVE)) {
            return false;
        }
        if (mode == MonitorMode.TAKEOVER && call.consult().talking() != null) {
            return false; // the agent completes or cancels its consult first
        }
        if (mode == MonitorMode.TAKEOVER) {
            m.fire(MonitorTrigger.TAKEOVER);
            takeOver(m);
        } else {
            m.mixer.mode(mix(mode));
            m.fire(MonitorTrigger.SWITCH);
        }
        m.mode = mode;
        call.publishView();
        LOG.info("call {}: monitor {} now {}", call.id(), monitorId, mode);
        call.emit(new MonitorModeChanged(monitorId, call.id(), mode, call.now()));
        return true;
    }

    /** StopMonitor: false (INVALID_STATE) when the named session is not calling or active (after a take-over). */
    boolean stop(String monitorId) {
        Session m = named(monitorId);
        if (m == null || !m.fsm.accepts(MonitorTrigger.STOP)) {
            return false;
        }
        finish(m, MonitorTrigger.STOP, MonitorEndReason.STOPPED);
        return true;
    }

    /**
     * The session for the call's snapshot while it is calling or active; null when there is none or after a
     * take-over (final: the call's agent is then the supervisor's seat, see docs/CTI-LINK.md "Snapshot").
     */
    dev.cti.link.message.Snapshot.MonitorSnapshot snapshot() {
        Session m = current;
        if (m == null) {
            return null;
        }
        dev.cti.link.message.Snapshot.MonitorSnapshotState state = switch (m.fsm.state()) {
            case CALLING -> dev.cti.link.message.Snapshot.MonitorSnapshotState.CALLING;
            case ACTIVE -> dev.cti.link.message.Snapshot.MonitorSnapshotState.ACTIVE;
            case TAKEN_OVER, ENDED -> null;
        };
        return state == null ? null
                : new dev.cti.link.message.Snapshot.MonitorSnapshot(m.monitorId, m.supervisor, m.seatId, m.mode, state);
    }

    /** Whether a supervisor mixer feeds the agent's leg now (the session is ACTIVE: listen, whisper or barge). */
    boolean mixing() {
        return current != null && current.mixer != null && current.fsm.is(MonitorState.ACTIVE);
    }

    private Session named(String monitorId) {
        return current != null && current.monitorId.equals(monitorId) ? current : null;
    }

    private static dev.cti.gateway.media.mix.MonitorMode mix(MonitorMode mode) {
        return dev.cti.gateway.media.mix.MonitorMode.valueOf(mode.name());
    }

    // ---------------------------------------------------------------- hooks from the call

    /** The call ended (any cause): reported before CallCleared; the call's own ending releases every leg. */
    void callEnded() {
        if (current != null) {
            finish(current, MonitorTrigger.CALL_ENDED, MonitorEndReason.CALL_ENDED);
        }
    }

    /** The call is being transferred away: end the session first (the plain relay is restored for the transfer). */
    void callMoved() {
        if (current != null) {
            finish(current, MonitorTrigger.CALL_MOVED, MonitorEndReason.CALL_MOVED);
        }
    }

    /** The call went on hold or came back: a held customer is sent no mix (it hears the music, never a whisper). */
    void holdChanged(boolean held) {
        if (current == null || !current.fsm.accepts(MonitorTrigger.HOLD_CHANGED)) {
            return;
        }
        current.fire(MonitorTrigger.HOLD_CHANGED);
        if (current.mixer != null) {
            current.mixer.customerHeld(held);
        }
    }

    /** A supervisor's leg that is not the call's agent (not taken over): its BYE and RTP end a session, not the call. */
    boolean owns(SipLeg leg) {
        return leg.role == LegRole.SUPERVISOR && leg != call.agent();
    }

    /** The supervisor's phone sent BYE: true when handled here (the call goes on on the plain relay). */
    boolean onSupervisorBye(SipLeg leg) {
        if (!owns(leg)) {
            return false;
        }
        if (current != null && current.leg == leg && current.fsm.accepts(MonitorTrigger.SUPERVISOR_HANGUP)) {
            finish(current, MonitorTrigger.SUPERVISOR_HANGUP, MonitorEndReason.SUPERVISOR_HANGUP); // releases it
        } else {
            call.legs().release(leg);
        }
        return true;
    }

    /** RTP of a supervisor leg stopped: end the session, not the call. True when the leg was a supervisor's. */
    boolean onMediaInactive(MediaLeg media) {
        for (SipLeg leg : List.copyOf(call.legs().all())) {
            if (leg.media == media && owns(leg)) {
                if (current != null && current.leg == leg && current.fsm.is(MonitorState.ACTIVE)) {
                    LOG.info("call {}: no RTP from the supervisor's phone, ending monitor {}", call.id(),
                            current.monitorId);
                    finish(current, MonitorTrigger.SUPERVISOR_HANGUP, MonitorEndReason.SUPERVISOR_HANGUP);
                }
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- owner of the supervisor's leg

    @Override
    public void onProgress(SipLeg leg, boolean first) {
        // ringing: nothing to report (a CANCEL waiting for this provisional is sent by CallDialogs)
    }

    @Override
    public boolean wantsAnswer(SipLeg leg) {
        return callingWith(leg) != null && call.agent() != null && call.agent().media != null && leg.media != null
                && (call.is(CallPhase.CONNECTED) || CallHold.isHold(call.phase()) || call.consult().talking() != null);
    }

    /** Refused, timed out, answered after a StopMonitor's CANCEL or the call's end, or unusable. */
    @Override
    public void onFailed(SipLeg leg, int status, String reason) {
        Session m = callingWith(leg);
        if (m != null) {
            LOG.info("call {}: supervisor's phone did not take monitor {}: {}", call.id(), m.monitorId, status);
            finish(m, MonitorTrigger.NOT_ANSWERED, MonitorEndReason.NOT_ANSWERED);
        }
    }

    private Session callingWith(SipLeg leg) {
        return current != null && current.leg == leg && current.fsm.is(MonitorState.CALLING) ? current : null;
    }

    private void ringTimeout(Session m) {
        if (current == m && m.fsm.is(MonitorState.CALLING)) {
            LOG.info("call {}: supervisor's phone did not answer monitor {}", call.id(), m.monitorId);
            finish(m, MonitorTrigger.NOT_ANSWERED, MonitorEndReason.NOT_ANSWERED);
        }
    }

    /** The supervisor answered: the mixer attached (or TAKEOVER), MonitorStarted. */
    @Override
    public void onAnswered(SipLeg leg, SipEvent.ResponseReceived ok) {
        Session m = callingWith(leg);
        cancelRingTimer(m);
        SipLeg consulted = call.consult().talking();
        if (consulted != null) { // the agent's private talk: the consulted party in the customer's place
            m.mixer = call.services().media().monitor(consulted.media, call.agent().media, leg.media, mix(m.mode));
            m.fire(MonitorTrigger.ANSWERED);
            call.publishView();
            LOG.info("call {}: monitor {} of the consult started in {}", call.id(), m.monitorId, m.mode);
            call.emit(new MonitorStarted(m.monitorId, call.id(), m.supervisor, m.agentId, m.mode, call.now()));
            return;
        }
        m.mixer = call.services().media().monitor(call.caller().media, call.agent().media, leg.media, mix(m.mode));
        if (m.mode == MonitorMode.TAKEOVER) {
            m.fire(MonitorTrigger.ANSWERED_TAKEOVER);
            takeOver(m);
        } else {
            if (CallHold.isHold(call.phase())) {
                m.mixer.customerHeld(true);
            }
            m.fire(MonitorTrigger.ANSWERED);
            call.holds().monitorMixing(true); // a server hold's silence gives the agent's leg to the mixer
        }
        call.publishView();
        LOG.info("call {}: monitor {} started in {}", call.id(), m.monitorId, m.mode);
        call.emit(new MonitorStarted(m.monitorId, call.id(), m.supervisor, m.agentId, m.mode, call.now()));
    }

    /**
     * TAKEOVER: customer ⇄ supervisor directly, the agent's leg BYEd, and the supervisor's leg becomes the call's
     * agent leg (the snapshot names the supervisor's seat; its re-INVITEs hold, its BYE ends the call). A hold by
     * the old agent's phone ends with that phone (CallResumed: the supervisor now talks to the customer); a hold by
     * the server (HoldCall) stays until ResumeCall.
     */
    private void takeOver(Session m) {
        SipLeg old = call.agent();
        m.mixer.handOverToSupervisor();
        call.takenOverBy(m.leg); // the call's agent leg from now on, CallDelivery's
        if (old != null) {
            call.legs().cancelOrBye(old);
        }
        if (call.is(CallPhase.HELD) && call.resumed(CallHold.Holder.PHONE)) {
            call.services().media().stopPlaying(call.caller().media);
            call.emit(new CallResumed(call.id(), m.leg.agentId, call.now()));
        }
        call.holds().tookOver(); // a server hold goes on: the supervisor's leg, now the agent's, hears silence
        LOG.info("call {}: taken over by {} on extension {}", call.id(), m.supervisor, m.leg.extension);
        call.publishView();
    }

    /** Ends a session once: mixer stopped, supervisor leg hung up (unless the call does it), MonitorEnded sent. */
    private void finish(Session m, MonitorTrigger trigger, MonitorEndReason reason) {
        boolean takenOver = m.fsm.is(MonitorState.TAKEN_OVER);
        if (!m.fire(trigger)) {
            return;
        }
        cancelRingTimer(m);
        if (m.mixer != null && !takenOver) {
            m.mixer.stop(); // plain customer ⇄ agent relay again; the supervisor's leg hears nothing
            if (trigger != MonitorTrigger.CALL_ENDED) {
                call.holds().monitorMixing(false); // a server hold goes on: silence to the agent again
            }
        }
        if (!takenOver && trigger != MonitorTrigger.CALL_ENDED) {
            hangUp(m.leg); // the call's own ending takes care of every leg on CALL_ENDED
            if (m.leg.fsm.is(LegState.TERMINATED)) {
                call.legs().release(m.leg);
            }
        }
        if (current == m) {
            current = null;
        }
        call.publishView();
        call.services().metrics().monitorEnded(reason.name());
        LOG.info("call {}: monitor {} ended: {}", call.id(), m.monitorId, reason);
        call.emit(new MonitorEnded(m.monitorId, call.id(), reason, call.now()));
    }

    /** CANCEL (now, or at the first provisional response if none came yet) or BYE the supervisor's leg. */
    private void hangUp(SipLeg leg) {
        if (!leg.fsm.is(LegState.CALLING) || leg.inviteClient == null) {
            call.legs().cancelOrBye(leg);
            return;
        }
        leg.fsm.fire(LegTrigger.CANCEL_SENT);
        try {
            call.services().sip().cancel(leg.inviteClient);
        } catch (SipException | RuntimeException e) {
            leg.cancelOnProvisional = true; // nothing heard from the phone yet: CANCEL when it rings (CallDialogs)
        }
    }

    private static void cancelRingTimer(Session m) {
        if (m.ringTimer != null) {
            m.ringTimer.cancel(false);
            m.ringTimer = null;
        }
    }
}
