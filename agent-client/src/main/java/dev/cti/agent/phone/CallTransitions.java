package dev.cti.agent.phone;

import static dev.cti.agent.phone.CallEvent.*;
import static dev.cti.agent.phone.CallState.*;

import dev.cti.protocol.statemachine.TransitionTable;
import java.util.Map;
import java.util.Optional;

/**
 * THE transition table of a call. Everything the softphone does to a call first asks this table; a pair that is not
 * here is an unexpected event (logged, counted, refused).
 *
 * <pre>
 * IDLE        --INCOMING_INVITE--> RINGING   --ANSWER--> CONNECTED
 *                                  RINGING   --REJECT | REMOTE_CANCEL | HANGUP--> IDLE
 * IDLE        --DIAL--> DIALING  --REMOTE_ANSWERED--> CONNECTED ; --REMOTE_FAILED--> IDLE ; --HANGUP--> ENDING
 * CONNECTED   --HOLD--> HOLDING  --HOLD_OK--> HELD ; --HOLD_FAILED--> CONNECTED
 * HELD        --RESUME--> RESUMING --RESUME_OK | RESUME_FAILED(call stays up, media was never paused on their side)--> CONNECTED / HELD
 * CONNECTED|HELD --TRANSFER--> TRANSFERRING --TRANSFER_ACCEPTED--> ENDING ; --TRANSFER_FAILED--> CONNECTED
 * CONNECTED|HELD|HOLDING|RESUMING|TRANSFERRING --HANGUP--> ENDING --ENDED--> IDLE
 * any call state --REMOTE_BYE--> IDLE ; CONNECTED|HELD --REMOTE_REINVITE--> same state
 * </pre>
 */
public final class CallTransitions {
    /** The table, on the shared kernel ({@code dev.cti.protocol.statemachine}). */
    static final TransitionTable<CallState, CallEvent> TABLE = build();

    private CallTransitions() {}

    private static TransitionTable<CallState, CallEvent> build() {
        return TransitionTable.builder(CallState.class, CallEvent.class)
                .on(IDLE, INCOMING_INVITE, RINGING)
                .on(IDLE, DIAL, DIALING)

                .on(RINGING, ANSWER, CONNECTED)
                .on(RINGING, REJECT, IDLE)
                .on(RINGING, HANGUP, IDLE)
                .on(RINGING, REMOTE_CANCEL, IDLE)

                .on(DIALING, REMOTE_ANSWERED, CONNECTED)
                .on(DIALING, REMOTE_FAILED, IDLE)
                .on(DIALING, HANGUP, ENDING)

                .on(CONNECTED, HOLD, HOLDING)
                .on(CONNECTED, TRANSFER, TRANSFERRING)
                .on(CONNECTED, HANGUP, ENDING)
                .on(CONNECTED, REMOTE_BYE, IDLE)
                .on(CONNECTED, REMOTE_REINVITE, CONNECTED)

                .on(HOLDING, HOLD_OK, HELD)
                .on(HOLDING, HOLD_FAILED, CONNECTED)
                .on(HOLDING, HANGUP, ENDING)
                .on(HOLDING, REMOTE_BYE, IDLE)

                .on(HELD, RESUME, RESUMING)
                .on(HELD, TRANSFER, TRANSFERRING)
                .on(HELD, HANGUP, ENDING)
                .on(HELD, REMOTE_BYE, IDLE)
                .on(HELD, REMOTE_REINVITE, HELD)

                .on(RESUMING, RESUME_OK, CONNECTED)
                .on(RESUMING, RESUME_FAILED, HELD)
                .on(RESUMING, HANGUP, ENDING)
                .on(RESUMING, REMOTE_BYE, IDLE)

                .on(TRANSFERRING, TRANSFER_ACCEPTED, ENDING)
                .on(TRANSFERRING, TRANSFER_FAILED, CONNECTED)
                .on(TRANSFERRING, HANGUP, ENDING)
                .on(TRANSFERRING, REMOTE_BYE, IDLE)

                .on(ENDING, ENDED, IDLE)
                .on(ENDING, REMOTE_BYE, IDLE)
                .build();
    }

    /** The next state, or empty when the event is not expected in {@code from}. */
    public static Optional<CallState> next(CallState from, CallEvent on) {
        return TABLE.next(from, on);
    }

    /** Every row, for the test that walks them all and for documentation. */
    public static Map<CallState, Map<CallEvent, CallState>> table() {
        return TABLE.asMap();
    }
}
