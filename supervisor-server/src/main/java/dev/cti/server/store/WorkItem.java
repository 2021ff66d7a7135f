package dev.cti.server.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A call on an evaluator's work list (table {@code qa_work_items}).
 *
 * @param callDay the local day of the call
 * @param reasons why it is on the list: {@code random}, {@code late-answer}, {@code long-hold}, {@code short-call},
 *                {@code complaint}, {@code dispute}
 * @param status  {@code OPEN}, {@code IN_PROGRESS} (an evaluation was opened), {@code DONE} (submitted)
 */
public record WorkItem(long id, String evaluator, String callId, String agentId, LocalDate callDay, List<String> reasons,
                       String status, Optional<Long> evaluationId, Instant addedAt) {
    public WorkItem {
        reasons = List.copyOf(reasons);
    }
}
