package dev.cti.server.qa;

/**
 * Where an evaluation is in its life (the transitions are {@link EvaluationTransitions}).
 *
 * <ul>
 *   <li>DRAFT: the evaluator is filling it in; only evaluators see it.</li>
 *   <li>SUBMITTED: scored and shown to the agent, who acknowledges or disputes it.</li>
 *   <li>DISPUTED: the agent disagreed (with a comment); the call is back on the evaluator's work list, who may
 *       change the ratings and submits again (with a reply).</li>
 *   <li>ACKNOWLEDGED: the agent accepted it; final.</li>
 * </ul>
 */
public enum EvaluationState { DRAFT, SUBMITTED, DISPUTED, ACKNOWLEDGED }
