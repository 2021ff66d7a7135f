package dev.cti.server.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The durable records one recomputation of intervals reads ({@link RecordReader}) and computes from
 * ({@link IntervalComputer}); ids of click-to-dial calls already resolved through {@code call_aliases}.
 *
 * @param visits      queue visits that entered a queue in the span
 * @param states      agent state changes from the span's start on (up to a day past its end, for wrap-ups), in order
 * @param initial     each agent's state and reason at the span's start (its last change before it)
 * @param outbound    click-to-dial calls started in the span
 * @param wrapUpCodes the last wrap-up code chosen for each call (by the gateway's call id)
 * @param transfers   completed transfers per call
 */
record Records(List<Visit> visits, List<StateChange> states, Map<String, State> initial, List<Outbound> outbound,
               Map<String, String> wrapUpCodes, Map<String, Integer> transfers) {

    /** A row of {@code queue_visits}. {@code rings} is null on rows from before V5 (computed from ring time). */
    record Visit(String callId, int visitNo, String queueId, String callerNumber, Instant enteredAt, String outcome,
                 Instant leftAt, long waitMillis, String agentId, Instant answeredAt, long ringMillis, Integer rings,
                 Instant endedAt, long talkMillis, long holdMillis) {}

    /** A row of {@code agent_state_history}; {@code callId} resolved through the aliases. */
    record StateChange(long id, String agentId, String to, String reason, String event, String callId, Instant at) {}

    /** An agent's state and not-ready reason. */
    record State(String state, String reason) {}

    /** An OUTBOUND row of {@code calls}. */
    record Outbound(String callId, String agentId, Instant startedAt, Instant answeredAt, Instant endedAt,
                    long talkMillis, long holdMillis) {}
}
