package dev.cti.server.store;

import dev.cti.server.agent.WrapUpRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything stored about one call that QA reads as evidence: the CDR, what the agent's desktop showed and the agent
 * used (script steps, quick phrases, prompts), the holds and the compliance thresholds they crossed, the wrap-ups and
 * the supervisors' actions on it (the audit log). Rows stored under the call's aliases (a click-to-dial call's
 * request id) are included. Lists are oldest first.
 */
public record CallHistory(CallRecord call, List<ScriptEvent> scripts, List<Hold> holds,
                          List<HoldThresholdCrossing> crossings, List<WrapUpRecord> wrapUps, List<AuditEntry> audit) {
    public CallHistory {
        scripts = List.copyOf(scripts);
        holds = List.copyOf(holds);
        crossings = List.copyOf(crossings);
        wrapUps = List.copyOf(wrapUps);
        audit = List.copyOf(audit);
    }

    /**
     * A row of {@code scripts_shown}.
     *
     * @param kind {@code step}, {@code phrase} or {@code prompt} (see V2__qa.sql)
     * @param id   the step or phrase id (the server's own row at the offer names the first step)
     */
    public record ScriptEvent(String kind, String scriptId, Optional<String> id, Instant at) {}

    /** A hold; {@code endedAt} is empty for a hold still open when the call ended (the call's end closes it). */
    public record Hold(Instant startedAt, Optional<Instant> endedAt) {}
}
