package dev.cti.server.qa;

/** What can happen to an evaluation (the columns of {@link EvaluationTransitions}). */
public enum EvaluationEvent {
    /** The evaluator saves ratings, deductions or remarks. */
    SAVE,
    /** The evaluator submits: every item rated, the score is final until a dispute. */
    SUBMIT,
    /** The agent accepts the evaluation. */
    ACKNOWLEDGE,
    /** The agent disagrees, with a comment (once per evaluation). */
    DISPUTE
}
