package dev.cti.agent.phone;

import static dev.cti.agent.phone.CallEvent.*;
import static dev.cti.agent.phone.CallState.*;

import java.util.Collections;
import java.util.EnumMap;
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
    private static final Map<CallState, Map<CallEvent, CallState>> TABLE = build();

    private CallTransitions() {}

    private static Map<CallState, Map<CallEvent, CallState>> build() {
        Map<CallState, Map<CallEvent, CallState>> t = new EnumMap<>(CallState.class);
        for (CallState s : CallState.values()) t.put(s, new EnumMap<>(CallEvent.class));
        row(t, IDLE, INCOMING_INVITE, RINGING);
        row(t, IDLE, DIAL, DIALING);

        row(t, RINGING, ANSWER, CONNECTED);
        row(t, RINGING, REJECT, IDLE);
        row(t, RINGING, HANGUP, IDLE);
        row(t, RINGING, REMOTE_CANCEL, IDLE);

        row(t, DIALING, REMOTE_ANSWERED, CONNECTED);
        row(t, DIALING, REMOTE_FAILED, IDLE);
        row(t, DIALING, HANGUP, ENDING);

        row(t, CONNECTED, HOLD, HOLDING);
        row(t, CONNECTED, TRANSFER, TRANSFERRING);
        row(t, CONNECTED, HANGUP, ENDING);
        row(t, CONNECTED, REMOTE_BYE, IDLE);
        row(t, CONNECTED, REMOTE_REINVITE, CONNECTED);

        row(t, HOLDING, HOLD_OK, HELD);
        row(t, HOLDING, HOLD_FAILED, CONNECTED);
        row(t, HOLDING, HANGUP, ENDING);
        row(t, HOLDING, REMOTE_BYE, IDLE);

        row(t, HELD, RESUME, RESUMING);
        row(t, HELD, TRANSFER, TRANSFERRING);
        row(t, HELD, HANGUP, ENDING);
        row(t, HELD, REMOTE_BYE, IDLE);
        row(t, HELD, REMOTE_REINVITE, HELD);

        row(t, RESUMING, RESUME_OK, CONNECTED);
        row(t, RESUMING, RESUME_FAILED, HELD);
        row(t, RESUMING, HANGUP, ENDING);
        row(t, RESUMING, REMOTE_BYE, IDLE);

        row(t, TRANSFERRING, TRANSFER_ACCEPTED, ENDING);
        row(t, TRANSFERRING, TRANSFER_FAILED, CONNECTED);
        row(t, TRANSFERRING, HANGUP, ENDING);
        row(t, TRANSFERRING, REMOTE_BYE, IDLE);

        row(t, ENDING, ENDED, IDLE);
        row(t, ENDING, REMOTE_BYE, IDLE);
        Map<CallState, Map<CallEvent, CallState>> frozen = new EnumMap<>(CallState.class);
        t.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        return Collections.unmodifiableMap(frozen);
    }

    private static void row(Map<CallState, Map<CallEvent, CallState>> t, CallState from, CallEvent on, CallState to) {
        if (t.get(from).put(on, to) != null) throw new IllegalStateException("duplicate row " + from + " " + on);
    }

    /** The next state, or empty when the event is not expected in {@code from}. */
    public static Optional<CallState> next(CallState from, CallEvent on) {
        return Optional.ofNullable(TABLE.get(from).get(on));
    }

    /** Every row, for the test that walks them all and for documentation. */
    public static Map<CallState, Map<CallEvent, CallState>> table() {
        return TABLE;
    }
}
