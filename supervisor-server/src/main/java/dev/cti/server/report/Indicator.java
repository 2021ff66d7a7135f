package dev.cti.server.report;

import io.vertx.core.json.JsonObject;

/**
 * One indicator of the standard (T-GSOCCIA 001-2020; docs/METRICS.md, "The standard's indicators") over a report's
 * range: its name in both languages, value, unit, and the numerator and denominator it came from. A value is null
 * whenever it cannot be computed, with the status saying why: {@code no_calls} (nothing to divide by),
 * {@code not_built} (needs a feature not built yet), {@code not_configured} (needs configuration) — never 0.
 */
public record Indicator(String id, String zh, String en, Double value, String unit, String status, Double numerator,
                        Double denominator) {

    static Indicator of(String id, String zh, String en, String unit, double numerator, double denominator) {
        return denominator == 0 ? new Indicator(id, zh, en, null, unit, "no_calls", numerator, denominator)
                : new Indicator(id, zh, en, round(numerator / denominator), unit, "ok", numerator, denominator);
    }

    static Indicator missing(String id, String zh, String en, String unit, String status) {
        return new Indicator(id, zh, en, null, unit, status, null, null);
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    public JsonObject json() {
        return new JsonObject().put("id", id).put("name", new JsonObject().put("zh-CN", zh).put("en", en))
                .put("value", value).put("unit", unit).put("status", status).put("numerator", numerator)
                .put("denominator", denominator);
    }
}
