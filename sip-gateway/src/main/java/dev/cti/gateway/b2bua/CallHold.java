package dev.cti.gateway.b2bua;

import dev.cti.link.message.CallState;
import dev.cti.protocol.statemachine.StateMachine;

/**
 * The hold bookkeeping of one {@link Call}, owned by it: holding and resuming as transitions of the call's machine
 * (the phone's HOLD / RESUME by re-INVITE, the gateway's SERVER_HOLD / SERVER_RESUME on the server's HoldCall /
 * ResumeCall) and when the current hold began, which the snapshot and CallHeld report: set when a hold starts from an
 * unheld phase, kept when the phone also holds a call the server holds, cleared by a resume or a requeue. The
 * machine's listeners (the monitor's mixer, the recording's hold spans) follow the transitions. Runs on the call's
 * executor.
 */
final class CallHold {
    /** Who holds the call: the phone (re-INVITE sendonly / inactive) or the gateway (the server's HoldCall). */
    enum Holder { PHONE, SERVER }

    private final StateMachine<CallPhase, CallTrigger> fsm;
    private Long since;

    CallHold(StateMachine<CallPhase, CallTrigger> fsm) {
        this.fsm = fsm;
    }

    /**
     * Whether the customer is on hold in this phase by its agent's phone or by the server's HoldCall (a consult holds
     * the customer too, but the agent is elsewhere: see {@link #customerHeld}).
     */
    static boolean isHold(CallPhase phase) {
        return phase == CallPhase.HELD || phase == CallPhase.HELD_BY_SERVER;
    }

    /** Whether the customer hears the music on hold in this phase: a hold, or a consult ({@code CONSULTING}). */
    static boolean customerHeld(CallPhase phase) {
        return phase.linkState() == CallState.HELD;
    }

    /** When the current hold began, or null (none yet, or resumed or requeued since). */
    Long since() {
        return since;
    }

    /**
     * A hold by {@code by} at {@code at} (HOLD or SERVER_HOLD); a hold that starts from an unheld phase is the one
     * {@link #since} reports. False (counted as unexpected) when the phase does not allow it.
     */
    boolean held(Holder by, long at) {
        boolean wasHeld = customerHeld(fsm.state());
        if (!fsm.fire(by == Holder.PHONE ? CallTrigger.HOLD : CallTrigger.SERVER_HOLD)) {
            return false;
        }
        if (!wasHeld) {
            since = at;
        }
        return true;
    }

    /** {@code by} ends the hold (RESUME or SERVER_RESUME); false (counted as unexpected) when not allowed. */
    boolean resumed(Holder by) {
        if (!fsm.fire(by == Holder.PHONE ? CallTrigger.RESUME : CallTrigger.SERVER_RESUME)) {
            return false;
        }
        since = null;
        return true;
    }

    /** Consult: the gateway holds the customer (CONSULT); a hold that starts now is the one {@link #since} reports. */
    boolean consulting(long at) {
        boolean wasHeld = customerHeld(fsm.state());
        if (!fsm.fire(CallTrigger.CONSULT)) {
            return false;
        }
        if (!wasHeld) {
            since = at;
        }
        return true;
    }

    /**
     * The consult is over by {@code how} (CONSULT_RETURNED keeps the customer held; CONFERENCE, CONSULT_CANCELLED,
     * CONSULT_COMPLETED and CONSULT_EXTERNAL end the hold).
     */
    boolean consultOver(CallTrigger how) {
        if (!fsm.fire(how)) {
            return false;
        }
        if (how != CallTrigger.CONSULT_RETURNED) {
            since = null;
        }
        return true;
    }

    /** Back to a queue: whatever hold there was is over. */
    void clear() {
        since = null;
    }
}
