package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.LegState.ANSWERED;
import static dev.cti.gateway.b2bua.LegState.CALLING;
import static dev.cti.gateway.b2bua.LegState.CANCELLING;
import static dev.cti.gateway.b2bua.LegState.CONFIRMED;
import static dev.cti.gateway.b2bua.LegState.EARLY;
import static dev.cti.gateway.b2bua.LegState.OFFERED;
import static dev.cti.gateway.b2bua.LegState.TERMINATED;
import static dev.cti.gateway.b2bua.LegState.TERMINATING;

import dev.cti.protocol.statemachine.TransitionTable;

/**
 * The leg's one transition table (RFC 3261 INVITE dialog, seen from the B2BUA).
 *
 * <pre>
 *  UAS: OFFERED ─ANSWER_SENT─▶ ANSWERED ─ACK_RECEIVED─▶ CONFIRMED ─BYE_SENT─▶ TERMINATING ─BYE_DONE─▶ TERMINATED
 *       OFFERED ─REJECT_SENT─▶ TERMINATED;  ANSWERED/CONFIRMED ─BYE_RECEIVED─▶ TERMINATED
 *  UAC: CALLING ─PROVISIONAL─▶ EARLY ─SUCCESS─▶ CONFIRMED;  CALLING/EARLY ─FAILURE/TIMEOUT─▶ TERMINATED
 *       CALLING/EARLY ─CANCEL_SENT─▶ CANCELLING ─FAILURE (487)─▶ TERMINATED
 *       CANCELLING ─SUCCESS (200 raced the CANCEL: ACK then BYE)─▶ TERMINATING
 * </pre>
 */
public final class LegTransitions {
    public static final TransitionTable<LegState, LegTrigger> TABLE =
            TransitionTable.builder(LegState.class, LegTrigger.class)
                    .on(OFFERED, LegTrigger.ANSWER_SENT, ANSWERED)
                    .on(OFFERED, LegTrigger.REJECT_SENT, TERMINATED)
                    .on(ANSWERED, LegTrigger.ACK_RECEIVED, CONFIRMED)
                    .on(ANSWERED, LegTrigger.TIMEOUT, TERMINATED)
                    .on(CONFIRMED, LegTrigger.ACK_RECEIVED, CONFIRMED)
                    .on(CALLING, LegTrigger.PROVISIONAL, EARLY)
                    .on(EARLY, LegTrigger.PROVISIONAL, EARLY)
                    .on(CANCELLING, LegTrigger.PROVISIONAL, CANCELLING)
                    .onAny(LegTrigger.SUCCESS, CONFIRMED, CALLING, EARLY)
                    .on(CANCELLING, LegTrigger.SUCCESS, TERMINATING)
                    .onAny(LegTrigger.FAILURE, TERMINATED, CALLING, EARLY, CANCELLING)
                    .onAny(LegTrigger.CANCEL_SENT, CANCELLING, CALLING, EARLY)
                    .onAny(LegTrigger.TIMEOUT, TERMINATED, CALLING, EARLY, CANCELLING, TERMINATING)
                    .onAny(LegTrigger.BYE_SENT, TERMINATING, ANSWERED, CONFIRMED)
                    .onAny(LegTrigger.BYE_RECEIVED, TERMINATED, ANSWERED, CONFIRMED, TERMINATING)
                    .on(TERMINATING, LegTrigger.BYE_DONE, TERMINATED)
                    .build();

    private LegTransitions() {}
}
