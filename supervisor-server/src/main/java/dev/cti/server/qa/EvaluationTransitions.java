package dev.cti.server.qa;

import static dev.cti.server.qa.EvaluationEvent.*;
import static dev.cti.server.qa.EvaluationState.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation's state machine as one table. Anything not in it is refused (409 {@code illegal_transition},
 * counted in {@code cti_qa_requests_refused_total}) and changes nothing: a submitted evaluation cannot be edited,
 * an acknowledged one is final, a second dispute is refused by the guard in {@link QaService}.
 *
 * <pre>
 *  DRAFT      --SAVE-->        DRAFT
 *  DRAFT      --SUBMIT-->      SUBMITTED
 *  SUBMITTED  --ACKNOWLEDGE--> ACKNOWLEDGED
 *  SUBMITTED  --DISPUTE-->     DISPUTED      (guard: not disputed before)
 *  DISPUTED   --SAVE-->        DISPUTED      (the evaluator reviews the ratings)
 *  DISPUTED   --SUBMIT-->      SUBMITTED     (the review's answer; the agent may then acknowledge)
 * </pre>
 */
public final class EvaluationTransitions {
    public static final Map<EvaluationState, Map<EvaluationEvent, EvaluationState>> TABLE = table();

    private EvaluationTransitions() {}

    private static Map<EvaluationState, Map<EvaluationEvent, EvaluationState>> table() {
        Map<EvaluationState, Map<EvaluationEvent, EvaluationState>> t = new EnumMap<>(EvaluationState.class);
        for (EvaluationState s : EvaluationState.values()) {
            t.put(s, new EnumMap<>(EvaluationEvent.class));
        }
        t.get(DRAFT).put(SAVE, DRAFT);
        t.get(DRAFT).put(SUBMIT, SUBMITTED);
        t.get(SUBMITTED).put(ACKNOWLEDGE, ACKNOWLEDGED);
        t.get(SUBMITTED).put(DISPUTE, DISPUTED);
        t.get(DISPUTED).put(SAVE, DISPUTED);
        t.get(DISPUTED).put(SUBMIT, SUBMITTED);
        t.replaceAll((s, row) -> Collections.unmodifiableMap(row));
        return Collections.unmodifiableMap(t);
    }

    /** The state after {@code event}, or empty when the table has no such transition. */
    public static Optional<EvaluationState> next(EvaluationState from, EvaluationEvent event) {
        return Optional.ofNullable(TABLE.get(from).get(event));
    }
}
