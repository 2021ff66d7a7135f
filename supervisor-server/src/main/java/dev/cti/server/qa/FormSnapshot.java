package dev.cti.server.qa;

import dev.cti.config.Localized;
import dev.cti.config.QaConfig;
import dev.cti.config.QaConfig.Rating;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A form as it is scored: its sections, items and deductions together with the rating scale, pass mark and grades in
 * force, as one JSON document. The server stores each such content once ({@code qa_form_versions}) and every
 * evaluation names the one it was scored on, so changing conf/qa.yaml never changes an existing evaluation's score.
 * The JSON is also what the API serves as the evaluation's {@code form}.
 */
public record FormSnapshot(QaConfig.Form form, Map<Rating, Double> ratings, double passMark,
                           List<QaConfig.Grade> grades) {

    public FormSnapshot {
        ratings = Map.copyOf(new EnumMap<>(ratings));
        grades = List.copyOf(grades);
    }

    public static FormSnapshot of(QaConfig.Form form, QaConfig qa) {
        return new FormSnapshot(form, qa.ratings(), qa.passMark(), qa.grades());
    }

    public Optional<QaConfig.Grade> gradeOf(double score) {
        return grades.stream().filter(g -> g.contains(score)).findFirst();
    }

    public JsonObject toJson() {
        JsonArray sections = new JsonArray();
        for (QaConfig.Section s : form.sections()) {
            JsonArray items = new JsonArray();
            for (QaConfig.Item i : s.items()) {
                JsonObject item = new JsonObject().put("id", i.id()).put("label", label(i.label()))
                        .put("points", i.points());
                i.prefill().ifPresent(p -> item.put("prefill", new JsonObject().put("rule", p.rule().yamlName())
                        .put("steps", new JsonArray(p.steps())).put("phrases", new JsonArray(p.phrases()))
                        .put("seconds", p.seconds())));
                items.add(item);
            }
            sections.add(new JsonObject().put("id", s.id()).put("label", label(s.label())).put("points", s.points())
                    .put("items", items));
        }
        JsonArray deductions = new JsonArray();
        for (QaConfig.Deduction d : form.deductions()) {
            JsonObject o = new JsonObject().put("id", d.id()).put("label", label(d.label()))
                    .put("pointsEach", d.pointsEach()).put("maxCount", d.maxCount());
            d.examples().ifPresent(e -> o.put("examples", label(e)));
            deductions.add(o);
        }
        JsonArray scale = new JsonArray();
        for (Rating r : Rating.values()) {
            scale.add(new JsonObject().put("rating", r.key()).put("fraction", ratings.get(r))
                    .put("label", new JsonObject().put(Localized.ZH_CN, r.chinese()).put(Localized.EN, english(r))));
        }
        JsonArray bands = new JsonArray();
        grades.forEach(g -> bands.add(new JsonObject().put("id", g.id()).put("label", label(g.label()))
                .put("from", g.from()).put("to", g.to())));
        return new JsonObject().put("id", form.id()).put("version", form.version()).put("name", label(form.name()))
                .put("queues", new JsonArray(form.queues())).put("clickToDial", form.clickToDial())
                .put("sections", sections).put("deductions", deductions).put("ratings", scale)
                .put("passMark", passMark).put("grades", bands);
    }

    public static FormSnapshot fromJson(JsonObject o) {
        List<QaConfig.Section> sections = o.getJsonArray("sections").stream().map(JsonObject.class::cast)
                .map(s -> new QaConfig.Section(s.getString("id"), localized(s.getJsonObject("label")),
                        s.getInteger("points"), s.getJsonArray("items").stream().map(JsonObject.class::cast)
                        .map(FormSnapshot::item).toList())).toList();
        List<QaConfig.Deduction> deductions = o.getJsonArray("deductions").stream().map(JsonObject.class::cast)
                .map(d -> new QaConfig.Deduction(d.getString("id"), localized(d.getJsonObject("label")),
                        d.getDouble("pointsEach"), d.getInteger("maxCount"),
                        Optional.ofNullable(d.getJsonObject("examples")).map(FormSnapshot::localized))).toList();
        Map<Rating, Double> ratings = new EnumMap<>(Rating.class);
        o.getJsonArray("ratings").stream().map(JsonObject.class::cast)
                .forEach(r -> ratings.put(Rating.of(r.getString("rating")).orElseThrow(), r.getDouble("fraction")));
        List<QaConfig.Grade> grades = o.getJsonArray("grades").stream().map(JsonObject.class::cast)
                .map(g -> new QaConfig.Grade(g.getString("id"), localized(g.getJsonObject("label")),
                        g.getDouble("from"), g.getDouble("to"))).toList();
        QaConfig.Form form = new QaConfig.Form(o.getString("id"), o.getInteger("version"),
                localized(o.getJsonObject("name")), o.getJsonArray("queues").stream().map(String.class::cast).toList(),
                o.getBoolean("clickToDial"), sections, deductions);
        return new FormSnapshot(form, ratings, o.getDouble("passMark"), grades);
    }

    private static QaConfig.Item item(JsonObject i) {
        JsonObject p = i.getJsonObject("prefill");
        Optional<QaConfig.Prefill> prefill = p == null ? Optional.empty()
                : Optional.of(new QaConfig.Prefill(QaConfig.Rule.of(p.getString("rule")).orElseThrow(),
                        p.getJsonArray("steps").stream().map(String.class::cast).toList(),
                        p.getJsonArray("phrases").stream().map(String.class::cast).toList(), p.getInteger("seconds")));
        return new QaConfig.Item(i.getString("id"), localized(i.getJsonObject("label")), i.getInteger("points"), prefill);
    }

    /** The SHA-256 of the canonical JSON (keys in a fixed order), hex. */
    public String sha256() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(toJson().encode().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String english(Rating r) {
        return switch (r) {
            case EXCELLENT -> "Excellent";
            case GOOD -> "Good";
            case PASS -> "Pass";
            case WEAK -> "Weak";
            case POOR -> "Poor";
        };
    }

    private static JsonObject label(Localized l) {
        return new JsonObject().put(Localized.ZH_CN, l.get(Localized.ZH_CN)).put(Localized.EN, l.get(Localized.EN));
    }

    private static Localized localized(JsonObject o) {
        return Localized.of(o.getString(Localized.ZH_CN), o.getString(Localized.EN));
    }
}
