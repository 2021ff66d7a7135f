package dev.cti.server.agent;

import java.util.Objects;
import java.util.Optional;

/**
 * One input to an agent's state machine. Immutable; built with the static factories, which say which
 * fields each event type uses. {@link #toString()} masks the dialled number: numbers never reach logs.
 *
 * @param reason      not-ready reason ({@link AgentEventType#SET_NOT_READY}, {@link AgentEventType#FORCE_STATE})
 * @param callId      the call this event is about (offers, answers, holds, ends, dials)
 * @param queueId     the queue of an offered call (wrap-up rules come from it)
 * @param code        the wrap-up code ({@link AgentEventType#WRAP_UP_CODE})
 * @param notes       wrap-up notes
 * @param forcedState target of {@link AgentEventType#FORCE_STATE}: READY or NOT_READY
 * @param number      number dialled ({@link AgentEventType#DIAL}); business data, never logged
 */
public record AgentEvent(AgentEventType type, Cause cause, Optional<String> reason, Optional<String> callId,
                         Optional<String> queueId, Optional<String> code, Optional<String> notes,
                         Optional<AgentState> forcedState, Optional<String> number) {

    public AgentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(forcedState, "forcedState");
        Objects.requireNonNull(number, "number");
    }

    /** An event with no payload (LOGIN, LOGOUT, SET_READY, WRAP_UP_TIMEOUT, FORCE_LOGOUT). */
    public static AgentEvent of(AgentEventType type, Cause cause) {
        return new AgentEvent(type, cause, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** An event about a call (RING_NO_ANSWER, RING_FAILED, ANSWERED, HELD, RESUMED, CALL_ENDED, DIAL_*). */
    public static AgentEvent call(AgentEventType type, Cause cause, String callId) {
        return new AgentEvent(type, cause, Optional.empty(), Optional.of(callId), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static AgentEvent notReady(Cause cause, String reason) {
        return new AgentEvent(AgentEventType.SET_NOT_READY, cause, Optional.of(reason), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static AgentEvent offered(String callId, String queueId) {
        return new AgentEvent(AgentEventType.CALL_OFFERED, Cause.sip(), Optional.empty(), Optional.of(callId),
                Optional.of(queueId), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static AgentEvent wrapUp(Cause cause, String code, Optional<String> notes) {
        return new AgentEvent(AgentEventType.WRAP_UP_CODE, cause, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(code), notes, Optional.empty(), Optional.empty());
    }

    /** The agent places an outbound call; {@code queueId} selects the wrap-up rules (empty: none). */
    public static AgentEvent dial(Cause cause, String callId, String number, Optional<String> queueId) {
        return new AgentEvent(AgentEventType.DIAL, cause, Optional.empty(), Optional.of(callId), queueId,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(number));
    }

    public static AgentEvent force(Cause cause, AgentState state, Optional<String> reason) {
        return new AgentEvent(AgentEventType.FORCE_STATE, cause, reason, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(state), Optional.empty());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.name()).append('[').append(cause);
        reason.ifPresent(r -> sb.append(", reason=").append(r));
        callId.ifPresent(c -> sb.append(", call=").append(c));
        queueId.ifPresent(q -> sb.append(", queue=").append(q));
        code.ifPresent(c -> sb.append(", code=").append(c));
        forcedState.ifPresent(s -> sb.append(", to=").append(s));
        number.ifPresent(n -> sb.append(", number=").append(dev.cti.privacy.PhoneMask.mask(n)));
        return sb.append(']').toString();
    }
}
