package dev.cti.server.qa;

import dev.cti.config.QaConfig.Rating;
import java.util.List;
import java.util.Optional;

/**
 * An evaluator's changes to an evaluation (PUT /api/qa/evaluations/{id}), already parsed: only what is named
 * changes.
 *
 * @param acceptProposals give every unrated item that has a proposal its proposed rating
 * @param deductions      when present, the whole set of deductions (absent ones go to zero)
 * @param remarks         when present, the new overall remarks (empty: cleared)
 */
public record Edit(List<ItemChange> items, boolean acceptProposals, Optional<List<DeductionChange>> deductions,
                   Optional<Optional<String>> remarks) {
    public Edit {
        items = List.copyOf(items);
    }

    /**
     * One item: {@code accept} confirms the proposal; otherwise {@code rating} overrides (or clears when
     * {@code clear}). {@code remarks}: absent keeps the item's note, blank clears it, else replaces it.
     */
    public record ItemChange(String itemId, Optional<Rating> rating, boolean accept, boolean clear,
                             Optional<String> remarks) {}

    public record DeductionChange(String deductionId, int occurrences, Optional<String> remarks) {}
}
