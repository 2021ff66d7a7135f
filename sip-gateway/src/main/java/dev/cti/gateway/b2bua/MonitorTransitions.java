package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorState.ACTIVE;
import static dev.cti.gateway.b2bua.MonitorState.CALLING;
import static dev.cti.gateway.b2bua.MonitorState.ENDED;
import static dev.cti.gateway.b2bua.MonitorState.TAKEN_OVER;

import dev.cti.protocol.statemachine.TransitionTable;

/**
 * The monitor session's one transition table.
 *
 * <pre>
 *  CALLING ─ANSWERED─▶ ACTIVE ⇄ (SWITCH, HOLD_CHANGED) ─TAKEOVER─▶ TAKEN_OVER
 *  CALLING ─ANSWERED_TAKEOVER─▶ TAKEN_OVER
 *  CALLING ─STOP / NOT_ANSWERED / CALL_ENDED / CALL_MOVED─▶ ENDED       (CALLING ─HOLD_CHANGED─▶ CALLING)
 *  ACTIVE  ─STOP / SUPERVISOR_HANGUP / CALL_ENDED / CALL_MOVED─▶ ENDED
 *  TAKEN_OVER ─CALL_ENDED / CALL_MOVED─▶ ENDED  (take-over is final: no SWITCH, no STOP)
 * </pre>
 */
public final class MonitorTransitions {
    public static final TransitionTable<MonitorState, MonitorTrigger> TABLE =
            TransitionTable.builder(MonitorState.class, MonitorTrigger.class)
                    .on(CALLING, MonitorTrigger.ANSWERED, ACTIVE)
                    .on(CALLING, MonitorTrigger.ANSWERED_TAKEOVER, TAKEN_OVER)
                    .on(CALLING, MonitorTrigger.HOLD_CHANGED, CALLING)
                    .on(CALLING, MonitorTrigger.NOT_ANSWERED, ENDED)
                    .on(ACTIVE, MonitorTrigger.SWITCH, ACTIVE)
                    .on(ACTIVE, MonitorTrigger.HOLD_CHANGED, ACTIVE)
                    .on(ACTIVE, MonitorTrigger.TAKEOVER, TAKEN_OVER)
                    .on(ACTIVE, MonitorTrigger.SUPERVISOR_HANGUP, ENDED)
                    .onAny(MonitorTrigger.STOP, ENDED, CALLING, ACTIVE)
                    .onAny(MonitorTrigger.CALL_ENDED, ENDED, CALLING, ACTIVE, TAKEN_OVER)
                    .onAny(MonitorTrigger.CALL_MOVED, ENDED, CALLING, ACTIVE, TAKEN_OVER)
                    .build();

    private MonitorTransitions() {}
}
