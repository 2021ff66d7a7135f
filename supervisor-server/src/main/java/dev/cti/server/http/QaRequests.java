package dev.cti.server.http;

import dev.cti.config.QaConfig.Rating;
import dev.cti.server.qa.Edit;
import dev.cti.server.qa.EvaluationState;
import dev.cti.server.qa.QaException;
import dev.cti.server.qa.QaService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link QaRoutes} reads from a request: an evaluation's edit, status filters, days and limits. Each refusal is a
 * {@link QaException} naming the field, which the routes count and answer as 400.
 */
final class QaRequests {
    static final int MAX_LIST = 500;

    private QaRequests() {}

    static Edit edit(JsonObject b) {
        List<Edit.ItemChange> items = new ArrayList<>();
        Object rawItems = b.getValue("items");
        if (rawItems != null && !(rawItems instanceof JsonArray)) {
            throw new QaException(400, "bad_request", "'items' must be a list");
        }
        if (rawItems instanceof JsonArray list) {
            if (list.size() > 200) {
                throw new QaException(400, "bad_request", "too many items");
            }
            for (Object o : list) {
                if (!(o instanceof JsonObject item) || !(item.getValue("id") instanceof String id)) {
                    throw new QaException(400, "bad_request", "each of 'items' must be an object with an 'id'");
                }
                boolean accept = Boolean.TRUE.equals(item.getValue("accept"));
                // given as blank or null: the note is cleared (an empty remark, which the service stores as none)
                boolean hasRemarks = item.containsKey("remarks");
                Optional<String> remarks = hasRemarks ? Optional.of(text(item, "remarks").orElse(""))
                        : Optional.empty();
                Object rating = item.getValue("rating");
                boolean hasRating = item.containsKey("rating");
                if (accept && hasRating) {
                    throw new QaException(400, "bad_request", "item '" + clip(id) + "': give 'accept' or 'rating', not "
                            + "both");
                }
                if (!accept && !hasRating && !hasRemarks) {
                    throw new QaException(400, "missing_rating", "item '" + clip(id) + "': an override needs a "
                            + "'rating' (or 'accept': true to confirm the proposal)");
                }
                Optional<Rating> r = Optional.empty();
                if (rating != null) {
                    if (!(rating instanceof String word) || Rating.of(word).isEmpty()) {
                        throw new QaException(400, "bad_rating", "item '" + clip(id) + "': 'rating' must be one of "
                                + "excellent, good, pass, weak, poor (or null to clear)");
                    }
                    r = Rating.of((String) rating);
                }
                items.add(new Edit.ItemChange(id, r, accept, hasRating && rating == null, remarks));
            }
        }
        Optional<List<Edit.DeductionChange>> deductions = Optional.empty();
        Object rawDeductions = b.getValue("deductions");
        if (rawDeductions != null) {
            if (!(rawDeductions instanceof JsonArray list)) {
                throw new QaException(400, "bad_request", "'deductions' must be a list");
            }
            List<Edit.DeductionChange> out = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Object o : list) {
                if (!(o instanceof JsonObject d) || !(d.getValue("id") instanceof String id)
                        || !(d.getValue("occurrences") instanceof Integer n)) {
                    throw new QaException(400, "bad_request", "each of 'deductions' must be {id, occurrences (a whole "
                            + "number)}");
                }
                if (!seen.add(id)) {
                    throw new QaException(400, "bad_request", "deduction '" + clip(id) + "' is given twice");
                }
                out.add(new Edit.DeductionChange(id, n, text(d, "remarks")));
            }
            deductions = Optional.of(out);
        }
        Object accept = b.getValue("acceptProposals");
        if (accept != null && !(accept instanceof Boolean)) {
            throw new QaException(400, "bad_request", "'acceptProposals' must be true or false");
        }
        Optional<Optional<String>> remarks = b.containsKey("remarks") ? Optional.of(text(b, "remarks"))
                : Optional.empty();
        return new Edit(items, Boolean.TRUE.equals(accept), deductions, remarks);
    }

    static Optional<String> text(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new QaException(400, "bad_request", "'" + field + "' must be a string");
        }
        if (s.length() > QaService.MAX_REMARKS) {
            throw new QaException(400, "bad_request", "'" + field + "' is longer than " + QaService.MAX_REMARKS
                    + " characters");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    static Set<EvaluationState> states(String param) {
        if (param == null || param.equals("all")) {
            return EnumSet.allOf(EvaluationState.class);
        }
        Set<EvaluationState> out = EnumSet.noneOf(EvaluationState.class);
        for (String s : param.split(",")) {
            try {
                out.add(EvaluationState.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new QaException(400, "bad_request", "'status' must be draft, submitted, disputed, "
                        + "acknowledged or all (comma-separated)");
            }
        }
        return out;
    }

    static LocalDate day(RoutingContext ctx, String param, LocalDate fallback) {
        String v = ctx.queryParams().get(param);
        if (v == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new QaException(400, "bad_request", "'" + param + "' must be a day YYYY-MM-DD");
        }
    }

    static int limit(RoutingContext ctx) {
        String v = ctx.queryParams().get("limit");
        if (v == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > MAX_LIST) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new QaException(400, "bad_request", "'limit' must be from 1 to " + MAX_LIST);
        }
    }

    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
