package dev.cti.server.qa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.ConfigLoader;
import dev.cti.config.QaConfig;
import dev.cti.config.QaConfig.Rating;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's score: points × the rating's share, minus deductions, within 0..100, pass mark and grade. */
class ScoringTest {
    private final QaConfig qa = TestConfigs.qa();
    private final FormSnapshot form = FormSnapshot.of(qa.forms().get(0), qa);

    private List<Evaluation.Item> rated(Rating... ratings) {
        List<Evaluation.Item> items = new ArrayList<>();
        List<QaConfig.Item> defs = form.form().items();
        for (int i = 0; i < defs.size(); i++) {
            items.add(new Evaluation.Item(defs.get(i).id(), Optional.empty(), Optional.empty(),
                    i < ratings.length ? Optional.ofNullable(ratings[i]) : Optional.empty(), false, Optional.empty()));
        }
        return items;
    }

    @Test
    void points_times_the_ratings_share_minus_deductions() {
        // greeting 20 good (16), need 20 excellent (20), music/reason/apology 10 each: pass 6, weak 3, poor 0,
        // long-hold 10 excellent, help 10 good 8, manner 10 excellent → 16+20+6+3+0+10+8+10 = 73; filler ×2 → 69
        List<Evaluation.Item> items = rated(Rating.GOOD, Rating.EXCELLENT, Rating.PASS, Rating.WEAK, Rating.POOR,
                Rating.EXCELLENT, Rating.GOOD, Rating.EXCELLENT);
        Evaluation.Score s = Scoring.score(form, items, List.of(new Evaluation.Deduction("filler", 2, Optional.empty())));
        assertThat(s.total()).isEqualTo(69.0);
        assertThat(s.passed()).isFalse();
        assertThat(s.grade()).contains("C");
        assertThat(Scoring.unrated(form, items)).isEmpty();
    }

    @Test
    void the_pass_mark_and_grade_bands_hold_at_their_edges() {
        // all excellent but need good (20 × 0.8 = 16): 96 → A; with 8 filler deductions capped by nothing but 0..100
        List<Evaluation.Item> items = rated(Rating.EXCELLENT, Rating.GOOD, Rating.EXCELLENT, Rating.EXCELLENT,
                Rating.EXCELLENT, Rating.EXCELLENT, Rating.EXCELLENT, Rating.EXCELLENT);
        assertThat(Scoring.score(form, items, List.of())).isEqualTo(new Evaluation.Score(96, true, Optional.of("A")));
        Evaluation.Score eighty = Scoring.score(form, items, List.of(new Evaluation.Deduction("filler", 8,
                Optional.empty())));
        assertThat(eighty).as("exactly the pass mark passes").isEqualTo(new Evaluation.Score(80, true, Optional.of("B")));
        assertThat(Scoring.score(form, rated(), List.of(new Evaluation.Deduction("filler", 5, Optional.empty()))))
                .as("never below 0").isEqualTo(new Evaluation.Score(0, false, Optional.of("C")));
        assertThat(Scoring.score(form, rated(Rating.EXCELLENT, Rating.EXCELLENT), List.of()).total())
                .as("unrated items earn nothing").isEqualTo(40.0);
        assertThat(Scoring.unrated(form, rated(Rating.EXCELLENT, Rating.EXCELLENT))).containsExactly("music", "reason",
                "apology", "long-hold", "help", "manner");
    }

    @Test
    void a_form_snapshot_reads_back_as_it_was_and_its_hash_follows_its_content() throws Exception {
        FormSnapshot back = FormSnapshot.fromJson(new JsonObject(form.toJson().encode()));
        assertThat(back).isEqualTo(form);
        assertThat(back.sha256()).isEqualTo(form.sha256());
        QaConfig stricter = new QaConfig(85, qa.ratings(), qa.grades(), qa.sampling(), qa.evaluators(), qa.forms());
        assertThat(FormSnapshot.of(qa.forms().get(0), stricter).sha256()).isNotEqualTo(form.sha256());

        QaConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf")).qa();
        for (QaConfig.Form f : shipped.forms()) {
            FormSnapshot s = FormSnapshot.of(f, shipped);
            assertThat(FormSnapshot.fromJson(new JsonObject(s.toJson().encode()))).isEqualTo(s);
            List<Evaluation.Item> all = f.items().stream().map(i -> new Evaluation.Item(i.id(), Optional.empty(),
                    Optional.empty(), Optional.of(Rating.EXCELLENT), false, Optional.empty())).toList();
            assertThat(Scoring.score(s, all, List.of()).total()).as(f.id() + " all excellent").isEqualTo(100.0);
        }
    }
}
