package dev.cti.server.qa;

import dev.cti.config.QaConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The server's score of an evaluation (docs/API.md, "Quality assurance"):
 * {@code total = Σ item points × fraction(rating) − Σ deduction occurrences × pointsEach}, kept within 0..100 and
 * rounded to 2 decimals; an unrated item earns nothing; it passes (合格) at or above the pass mark; the grade is the
 * band the total falls in.
 */
public final class Scoring {
    private Scoring() {}

    public static Evaluation.Score score(FormSnapshot form, List<Evaluation.Item> items,
                                         List<Evaluation.Deduction> deductions) {
        Map<String, Evaluation.Item> byId = items.stream()
                .collect(Collectors.toMap(Evaluation.Item::itemId, i -> i));
        double total = 0;
        for (QaConfig.Item item : form.form().items()) {
            Evaluation.Item rated = byId.get(item.id());
            if (rated != null && rated.rating().isPresent()) {
                total += item.points() * form.ratings().get(rated.rating().get());
            }
        }
        for (Evaluation.Deduction d : deductions) {
            total -= d.occurrences() * form.form().deduction(d.deductionId()).map(QaConfig.Deduction::pointsEach)
                    .orElse(0.0);
        }
        double rounded = Math.round(Math.max(0, Math.min(100, total)) * 100) / 100.0;
        return new Evaluation.Score(rounded, rounded >= form.passMark(),
                form.gradeOf(rounded).map(QaConfig.Grade::id));
    }

    /** The items not rated yet (an evaluation is submitted only when this is empty). */
    public static List<String> unrated(FormSnapshot form, List<Evaluation.Item> items) {
        Map<String, Evaluation.Item> byId = items.stream()
                .collect(Collectors.toMap(Evaluation.Item::itemId, i -> i));
        return form.form().items().stream().map(QaConfig.Item::id)
                .filter(id -> byId.get(id) == null || byId.get(id).rating().isEmpty()).toList();
    }
}
