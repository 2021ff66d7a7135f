package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.CallPhase.ANSWERING;
import static dev.cti.gateway.b2bua.CallPhase.CONFERENCING;
import static dev.cti.gateway.b2bua.CallPhase.CONNECTED;
import static dev.cti.gateway.b2bua.CallPhase.CONSULTING;
import static dev.cti.gateway.b2bua.CallPhase.DIALING;
import static dev.cti.gateway.b2bua.CallPhase.ENDED;
import static dev.cti.gateway.b2bua.CallPhase.EXTERNAL;
import static dev.cti.gateway.b2bua.CallPhase.HELD;
import static dev.cti.gateway.b2bua.CallPhase.HELD_BY_SERVER;
import static dev.cti.gateway.b2bua.CallPhase.ORIGINATING;
import static dev.cti.gateway.b2bua.CallPhase.QUEUED;
import static dev.cti.gateway.b2bua.CallPhase.RINGING;
import static dev.cti.gateway.b2bua.CallPhase.SURVEY;
import static dev.cti.gateway.b2bua.CallPhase.TRANSFERRING;

import dev.cti.protocol.statemachine.TransitionTable;

/**
 * The call's one transition table.
 *
 * <pre>
 *  ANSWERING ─ANSWERED_CALLER─▶ QUEUED ─DELIVER─▶ RINGING ─AGENT_ANSWERED─▶ CONNECTED ⇄ HELD (HOLD / RESUME)
 *                                 ▲  ◀──RING_FAILED──┘ (DELIVER again: re-ring) │   │
 *                                 └────────── REQUEUE ─────────────────────────┘   └─TRANSFER_DIAL─▶ TRANSFERRING
 *                                                          TRANSFERRING ─TRANSFER_ANSWERED─▶ EXTERNAL
 *                                                          TRANSFERRING ─TRANSFER_FAILED─▶ CONNECTED
 *  CONNECTED ─SERVER_HOLD─▶ HELD_BY_SERVER ─SERVER_RESUME─▶ CONNECTED (HoldCall / ResumeCall, media only)
 *  HELD_BY_SERVER ─HOLD─▶ HELD (the phone held too: from now on only the phone can resume)
 *  RINGING ─REMOTE_ANSWER─▶ RINGING (AnswerCall: NOTIFY talk sent; the phone's 200 OK is AGENT_ANSWERED)
 *  CONNECTED, HELD_BY_SERVER ─CONSULT─▶ CONSULTING (Consult: customer on music, agent with the consulted party)
 *  CONSULTING ─CONSULT_RETURNED─▶ HELD_BY_SERVER (the party hung up / was not reached: ResumeCall follows)
 *  CONSULTING ─CONSULT_CANCELLED─▶ CONNECTED, ─CONSULT_COMPLETED─▶ CONNECTED (the party's leg is the agent's),
 *  CONSULTING ─CONSULT_EXTERNAL─▶ EXTERNAL (completed to a number)
 *  CONSULTING ─CONFERENCE─▶ CONFERENCING (three-way, mixed), which leaves by CONSULT_CANCELLED (the party dropped or
 *  gone), CONSULT_COMPLETED / CONSULT_EXTERNAL (the agent left)
 *  outbound: ORIGINATING ─AGENT_ANSWERED─▶ DIALING ─REMOTE_ANSWERED─▶ CONNECTED
 *  CONNECTED, HELD, HELD_BY_SERVER ─SURVEY─▶ SURVEY (the agent left, the customer rates the call)
 *  every state but ENDED ─END─▶ ENDED
 * </pre>
 */
public final class CallTransitions {
    public static final TransitionTable<CallPhase, CallTrigger> TABLE =
            TransitionTable.builder(CallPhase.class, CallTrigger.class)
                    .on(ANSWERING, CallTrigger.ANSWERED_CALLER, QUEUED)
                    .on(QUEUED, CallTrigger.DELIVER, RINGING)
                    .on(QUEUED, CallTrigger.ANNOUNCE, QUEUED)
                    .on(RINGING, CallTrigger.ANNOUNCE, RINGING)
                    .on(RINGING, CallTrigger.DELIVER, RINGING)
                    .on(RINGING, CallTrigger.AGENT_PROGRESS, RINGING)
                    .on(RINGING, CallTrigger.AGENT_ANSWERED, CONNECTED)
                    .on(RINGING, CallTrigger.RING_FAILED, QUEUED)
                    .on(CONNECTED, CallTrigger.HOLD, HELD)
                    .on(CONNECTED, CallTrigger.RESUME, CONNECTED)
                    .on(HELD, CallTrigger.HOLD, HELD)
                    .on(HELD, CallTrigger.RESUME, CONNECTED)
                    .on(CONNECTED, CallTrigger.SERVER_HOLD, HELD_BY_SERVER)
                    .on(HELD_BY_SERVER, CallTrigger.SERVER_RESUME, CONNECTED)
                    .on(HELD_BY_SERVER, CallTrigger.HOLD, HELD)
                    .on(RINGING, CallTrigger.REMOTE_ANSWER, RINGING)
                    .onAny(CallTrigger.REQUEUE, QUEUED, CONNECTED, HELD, HELD_BY_SERVER)
                    .onAny(CallTrigger.TRANSFER_DIAL, TRANSFERRING, CONNECTED, HELD, HELD_BY_SERVER)
                    .on(TRANSFERRING, CallTrigger.TRANSFER_ANSWERED, EXTERNAL)
                    .on(TRANSFERRING, CallTrigger.TRANSFER_FAILED, CONNECTED)
                    .onAny(CallTrigger.CONSULT, CONSULTING, CONNECTED, HELD_BY_SERVER)
                    .on(CONSULTING, CallTrigger.CONSULT_RETURNED, HELD_BY_SERVER)
                    .on(CONSULTING, CallTrigger.CONSULT_CANCELLED, CONNECTED)
                    .on(CONSULTING, CallTrigger.CONSULT_COMPLETED, CONNECTED)
                    .on(CONSULTING, CallTrigger.CONSULT_EXTERNAL, EXTERNAL)
                    .on(CONSULTING, CallTrigger.CONFERENCE, CONFERENCING)
                    .on(CONFERENCING, CallTrigger.CONSULT_CANCELLED, CONNECTED)
                    .on(CONFERENCING, CallTrigger.CONSULT_COMPLETED, CONNECTED)
                    .on(CONFERENCING, CallTrigger.CONSULT_EXTERNAL, EXTERNAL)
                    .on(ORIGINATING, CallTrigger.AGENT_PROGRESS, ORIGINATING)
                    .on(ORIGINATING, CallTrigger.AGENT_ANSWERED, DIALING)
                    .on(DIALING, CallTrigger.REMOTE_PROGRESS, DIALING)
                    .on(DIALING, CallTrigger.REMOTE_ANSWERED, CONNECTED)
                    .onAny(CallTrigger.SURVEY, SURVEY, CONNECTED, HELD, HELD_BY_SERVER)
                    .onAny(CallTrigger.END, ENDED, ANSWERING, QUEUED, RINGING, CONNECTED, HELD, HELD_BY_SERVER,
                            TRANSFERRING, EXTERNAL, ORIGINATING, DIALING, CONSULTING,
                            CONFERENCING, SURVEY)
                    .build();

    private CallTransitions() {}
}
