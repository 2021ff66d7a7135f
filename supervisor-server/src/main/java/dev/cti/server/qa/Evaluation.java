package dev.cti.server.qa;

import dev.cti.config.QaConfig.Rating;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One QA evaluation of one agent's part in one call (tables {@code qa_evaluations}, {@code qa_evaluation_items},
 * {@code qa_deductions}, {@code qa_disputes}). Immutable; changes are copies ({@code with…}).
 *
 * @param id            0 until stored
 * @param formVersionId the stored content of the form it is scored on ({@code qa_form_versions})
 * @param score         out of 100, computed by the server ({@link Scoring}); rounded to 2 decimals
 * @param disputes      how many times the agent disputed it (at most once)
 * @param submittedAt   the first submission (the day the KPIs count it on)
 */
public record Evaluation(long id, String callId, String agentId, String teamId, Optional<String> queueId,
                         String direction, String evaluator, long formVersionId, String formId, int formVersion,
                         EvaluationState state, Score score, Optional<String> remarks, int disputes,
                         Instant createdAt, Instant updatedAt, Optional<Instant> submittedAt,
                         Optional<Instant> acknowledgedAt, List<Item> items, List<Deduction> deductions,
                         List<Dispute> disputeList) {

    public Evaluation {
        items = List.copyOf(items);
        deductions = List.copyOf(deductions);
        disputeList = List.copyOf(disputeList);
    }

    /** The server's score: total out of 100, pass (合格) at the pass mark, the grade's id if grades are set. */
    public record Score(double total, boolean passed, Optional<String> grade) {}

    /**
     * One item: what the records proposed (with the evidence beside it, JSON) and what the evaluator decided.
     *
     * @param overridden the evaluator's rating differs from the proposal (or there was none to confirm)
     */
    public record Item(String itemId, Optional<Rating> proposed, Optional<String> evidence, Optional<Rating> rating,
                       boolean overridden, Optional<String> remarks) {
        public Item rated(Optional<Rating> newRating, Optional<String> newRemarks) {
            boolean over = newRating.isPresent() && !newRating.equals(proposed);
            return new Item(itemId, proposed, evidence, newRating, over, newRemarks);
        }
    }

    /** A deduction item and how often it happened. */
    public record Deduction(String deductionId, int occurrences, Optional<String> remarks) {}

    /** An agent's dispute and the evaluator's answer once resubmitted. */
    public record Dispute(long id, String agentId, String remarks, double scoreBefore, Instant openedAt,
                          Optional<String> resolvedBy, Optional<String> reply, Optional<Double> scoreAfter,
                          Optional<Instant> resolvedAt) {
        public boolean open() {
            return resolvedAt.isEmpty();
        }
    }

    public Optional<Item> item(String itemId) {
        return items.stream().filter(i -> i.itemId().equals(itemId)).findFirst();
    }

    public Evaluation withId(long newId) {
        return new Evaluation(newId, callId, agentId, teamId, queueId, direction, evaluator, formVersionId, formId,
                formVersion, state, score, remarks, disputes, createdAt, updatedAt, submittedAt, acknowledgedAt, items,
                deductions, disputeList);
    }

    /** New ratings, deductions and remarks, with the score they give. */
    public Evaluation withContent(List<Item> newItems, List<Deduction> newDeductions, Optional<String> newRemarks,
                                  Score newScore, Instant at) {
        return new Evaluation(id, callId, agentId, teamId, queueId, direction, evaluator, formVersionId, formId,
                formVersion, state, newScore, newRemarks, disputes, createdAt, at, submittedAt, acknowledgedAt,
                newItems, newDeductions, disputeList);
    }

    /** The state after a transition at {@code at}: first submission, acknowledgement and disputes are noted. */
    public Evaluation withState(EvaluationState next, Instant at, List<Dispute> newDisputes) {
        return new Evaluation(id, callId, agentId, teamId, queueId, direction, evaluator, formVersionId, formId,
                formVersion, next, score, remarks, next == EvaluationState.DISPUTED ? disputes + 1 : disputes,
                createdAt, at, next == EvaluationState.SUBMITTED && submittedAt.isEmpty() ? Optional.of(at)
                        : submittedAt,
                next == EvaluationState.ACKNOWLEDGED ? Optional.of(at) : acknowledgedAt, items, deductions,
                newDisputes);
    }
}
