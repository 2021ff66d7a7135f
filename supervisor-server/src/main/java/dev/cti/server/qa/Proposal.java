package dev.cti.server.qa;

import dev.cti.config.QaConfig.Rating;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What the call's records say about one item: a proposed rating (empty when the records cannot answer it) and the
 * evidence shown beside it, JSON {@code {"code", "text": {"zh-CN", "en"}, "facts": {…}}}.
 */
public record Proposal(Optional<Rating> rating, JsonObject evidence) {

    static Proposal of(Rating rating, String code, String zh, String en, JsonObject facts) {
        return new Proposal(Optional.of(rating), evidence(code, zh, en, facts));
    }

    /** Evidence without a proposal: the records say something, but not enough to rate the item. */
    static Proposal none(String code, String zh, String en, JsonObject facts) {
        return new Proposal(Optional.empty(), evidence(code, zh, en, facts));
    }

    private static JsonObject evidence(String code, String zh, String en, JsonObject facts) {
        return new JsonObject().put("code", code).put("text", new JsonObject().put("zh-CN", zh).put("en", en))
                .put("facts", facts);
    }
}
