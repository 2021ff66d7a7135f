package dev.cti.server.qa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every cell of the evaluation's state table: the six transitions, and everything else refused. */
class EvaluationTransitionsTest {
    private static final String[] ROWS = {
            "DRAFT SAVE DRAFT", "DRAFT SUBMIT SUBMITTED",
            "SUBMITTED ACKNOWLEDGE ACKNOWLEDGED", "SUBMITTED DISPUTE DISPUTED",
            "DISPUTED SAVE DISPUTED", "DISPUTED SUBMIT SUBMITTED",
    };

    @Test
    void every_state_and_event_is_either_a_row_of_the_table_or_refused() {
        int rows = 0;
        for (EvaluationState from : EvaluationState.values()) {
            for (EvaluationEvent event : EvaluationEvent.values()) {
                Optional<EvaluationState> expected = Optional.empty();
                for (String row : ROWS) {
                    String[] f = row.split(" ");
                    if (f[0].equals(from.name()) && f[1].equals(event.name())) {
                        expected = Optional.of(EvaluationState.valueOf(f[2]));
                    }
                }
                rows += expected.isPresent() ? 1 : 0;
                assertThat(EvaluationTransitions.next(from, event)).as(from + " " + event).isEqualTo(expected);
            }
        }
        assertThat(rows).isEqualTo(ROWS.length);
    }

    @Test
    void every_state_is_reachable_from_a_draft_and_acknowledged_is_final() {
        Set<EvaluationState> seen = EnumSet.of(EvaluationState.DRAFT);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (EvaluationState s : Set.copyOf(seen)) {
                for (EvaluationEvent e : EvaluationEvent.values()) {
                    grew |= EvaluationTransitions.next(s, e).map(seen::add).orElse(false);
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(EvaluationState.values());
        assertThat(EvaluationTransitions.TABLE.get(EvaluationState.ACKNOWLEDGED)).isEmpty();
        assertThat(EvaluationTransitions.next(EvaluationState.SUBMITTED, EvaluationEvent.SAVE))
                .as("a submitted evaluation is not edited").isEmpty();
    }
}
