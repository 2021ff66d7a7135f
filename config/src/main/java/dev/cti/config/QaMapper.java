package dev.cti.config;

import static dev.cti.config.ConfigMapper.list;
import static dev.cti.config.ConfigMapper.localized;
import static dev.cti.config.ConfigMapper.strings;

import dev.cti.config.schema.Val;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Turns the validated {@code qa} section into {@link QaConfig}. */
final class QaMapper {
    private QaMapper() {}

    static QaConfig qa(Val qa) {
        Val r = qa.get("ratings");
        Map<QaConfig.Rating, Double> ratings = new EnumMap<>(QaConfig.Rating.class);
        for (QaConfig.Rating rating : QaConfig.Rating.values()) {
            ratings.put(rating, r.number(rating.key()));
        }
        Val s = qa.get("sampling");
        Val f = s.get("flags");
        return new QaConfig(qa.number("passMark"), ratings,
                list(qa.get("grades"), g -> new QaConfig.Grade(g.str("id"), localized(g.get("label")),
                        g.number("from"), g.number("to"))),
                new QaConfig.Sampling(s.integer("callsPerAgentPerDay"), (LocalTime) s.get("runAt").value(),
                        f.bool("lateAnswer"), f.integer("holdOverSeconds"), f.integer("shortCallUnderSeconds"),
                        f.bool("complaint")),
                list(qa.get("evaluators"), e -> new QaConfig.Evaluator(e.str("user"), strings(e.get("teams")))),
                list(qa.get("forms"), QaMapper::form));
    }

    private static QaConfig.Form form(Val f) {
        return new QaConfig.Form(f.str("id"), f.integer("version"), localized(f.get("name")), strings(f.get("queues")),
                f.bool("clickToDial"),
                list(f.get("sections"), s -> new QaConfig.Section(s.str("id"), localized(s.get("label")),
                        s.integer("points"), list(s.get("items"), QaMapper::item))),
                list(f.get("deductions"), d -> new QaConfig.Deduction(d.str("id"), localized(d.get("label")),
                        d.number("pointsEach"), d.integer("maxCount"),
                        d.get("examples").present() ? Optional.of(localized(d.get("examples"))) : Optional.empty())));
    }

    private static QaConfig.Item item(Val i) {
        Val p = i.get("prefill");
        Optional<QaConfig.Prefill> prefill = p.present()
                ? Optional.of(new QaConfig.Prefill(QaConfig.Rule.of(p.str("rule")).orElseThrow(),
                        strings(p.get("steps")), strings(p.get("phrases")), p.integer("seconds")))
                : Optional.empty();
        return new QaConfig.Item(i.str("id"), localized(i.get("label")), i.integer("points"), prefill);
    }
}
