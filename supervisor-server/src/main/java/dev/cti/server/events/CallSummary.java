package dev.cti.server.events;

import java.time.Instant;
import java.util.Optional;

/**
 * A live call as the screens and {@code GET /api/calls} see it, numbers masked: an inbound queue call or a
 * click-to-dial call (docs/API.md, "GET /api/calls"). A value, taken on the call center's context.
 */
public sealed interface CallSummary {
    /** The agent the call is with (the supervisor's seat after a take-over), if any. */
    Optional<String> agentId();

    /**
     * An inbound queue call.
     *
     * @param callerMasked the caller's number, masked
     * @param answered     once answered: when, after how many rings, and whether that met the ring target
     * @param position     its place in its queue while it waits
     */
    record Inbound(String id, String queueId, String phase, String callerMasked, Instant arrivedAt, boolean overflowed,
                   boolean takenOver, Optional<String> agentId, Optional<Answered> answered,
                   Optional<Instant> heldSince, Optional<Integer> position) implements CallSummary {}

    /** When an inbound call was answered, after how many rings, and whether that met the ring target. */
    record Answered(Instant at, int ringCount, boolean ringTargetMet) {}

    /**
     * A click-to-dial call the gateway has named.
     *
     * @param phase         DIALING until the customer answers, then CONNECTED or HELD
     * @param dialledMasked the dialled number, masked
     * @param agent         the agent, or the supervisor's seat after a take-over
     * @param colleague     an internal call's colleague (seat; {@code dialledMasked} is then its extension), else empty
     */
    record Outbound(String id, String requestId, String phase, String dialledMasked, Instant startedAt,
                    boolean takenOver, String agent, Optional<Instant> answeredAt, Optional<Instant> heldSince,
                    Optional<String> colleague)
            implements CallSummary {
        @Override
        public Optional<String> agentId() {
            return Optional.ofNullable(agent);
        }
    }
}
