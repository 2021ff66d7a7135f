package dev.cti.server.http;

import dev.cti.config.CtiConfig;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.RecordingSearch;
import io.vertx.core.MultiMap;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query parameters of {@code GET /api/recordings}, checked one by one: a bad one is reported by name
 * ({@link Bad}), never guessed at. Times are ISO-8601 instants ({@code 2026-03-01T08:00:00Z}, or with an offset) or
 * site-local dates ({@code 2026-03-01}: {@code from} is the day's start, {@code to} includes the whole day).
 */
final class RecordingQuery {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    private static final Set<String> NAMES = Set.of("from", "to", "queue", "agent", "outcome", "wrapUpCode",
            "minHoldSeconds", "minRings", "callId", "page", "size");
    static final int MAX_CALL_ID = 200;

    /** A parameter that cannot be used, and why (the 400's message names it). */
    static final class Bad extends Exception {
        Bad(String parameter, String why) {
            super("'" + parameter + "' " + why);
        }
    }

    private RecordingQuery() {}

    /**
     * The search the parameters ask for, without the caller's visibility (the route adds it); also returns the
     * normalised parameters for the audit entry.
     */
    static RecordingSearch.Filter parse(MultiMap params, CtiConfig config, Map<String, String> normalised) throws Bad {
        for (String name : params.names()) {
            if (!NAMES.contains(name)) {
                throw new Bad(cut(name), "is not a parameter of this endpoint (" + String.join(", ",
                        new java.util.TreeSet<>(NAMES)) + ")");
            }
            if (params.getAll(name).size() > 1) {
                throw new Bad(name, "is given more than once");
            }
        }
        ZoneId zone = ZoneId.of(config.site().timeZone());
        Optional<Instant> from = opt(params, "from").isPresent() ? Optional.of(time(params.get("from"), "from", zone,
                false)) : Optional.empty();
        Optional<Instant> to = opt(params, "to").isPresent() ? Optional.of(time(params.get("to"), "to", zone, true))
                : Optional.empty();
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new Bad("to", "must be after 'from'");
        }
        Optional<String> queue = opt(params, "queue");
        if (queue.isPresent() && config.queue(queue.get()).isEmpty()) {
            throw new Bad("queue", "names no configured queue");
        }
        Optional<String> agent = opt(params, "agent");
        if (agent.isPresent() && config.agent(agent.get()).isEmpty()) {
            throw new Bad("agent", "names no configured agent");
        }
        Optional<String> outcome = opt(params, "outcome").map(o -> o.toUpperCase(Locale.ROOT));
        if (outcome.isPresent() && java.util.Arrays.stream(CallRecord.Outcome.values())
                .noneMatch(o -> o.name().equals(outcome.get()))) {
            throw new Bad("outcome", "must be one of " + java.util.Arrays.toString(CallRecord.Outcome.values()));
        }
        Optional<String> wrapUp = opt(params, "wrapUpCode");
        if (wrapUp.isPresent() && config.wrapUpCodes().stream().noneMatch(w -> w.code().equals(wrapUp.get()))) {
            throw new Bad("wrapUpCode", "names no configured wrap-up code");
        }
        Optional<Long> minHold = opt(params, "minHoldSeconds").isPresent()
                ? Optional.of(number(params.get("minHoldSeconds"), "minHoldSeconds", 0, 86_400) * 1000) : Optional.empty();
        Optional<Long> ringAbove = Optional.empty();
        if (opt(params, "minRings").isPresent()) {
            long rings = number(params.get("minRings"), "minRings", 0, 1000);
            // rings = ceil(ring time / cadence), at least 1 (RingCount): n or more rings is ring time over (n-1) rings
            long cadence = Math.round(config.compliance().ringCadenceSeconds() * 1000);
            ringAbove = rings <= 1 ? Optional.empty() : Optional.of((rings - 1) * cadence);
        }
        Optional<String> callId = opt(params, "callId");
        if (callId.isPresent() && (callId.get().length() > MAX_CALL_ID || !callId.get().matches("\\p{Graph}+"))) {
            throw new Bad("callId", "must be 1 to " + MAX_CALL_ID + " visible ASCII characters without spaces");
        }
        int page = (int) (opt(params, "page").isPresent() ? number(params.get("page"), "page", 0, 1_000_000) : 0);
        int size = (int) (opt(params, "size").isPresent() ? number(params.get("size"), "size", 1, MAX_SIZE)
                : DEFAULT_SIZE);
        for (String name : new java.util.TreeSet<>(params.names())) {
            normalised.put(name, params.get(name));
        }
        return new RecordingSearch.Filter(from, to, queue, agent, outcome, wrapUp, minHold, ringAbove, callId,
                Optional.empty(), page, size);
    }

    private static Optional<String> opt(MultiMap params, String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static Instant time(String raw, String name, ZoneId zone, boolean endOfDay) throws Bad {
        String v = raw.strip();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw new Bad(name, "must be an ISO-8601 time such as 2026-03-01T08:00:00Z or a date such as 2026-03-01");
        }
    }

    private static long number(String raw, String name, long min, long max) throws Bad {
        try {
            long n = Long.parseLong(raw.strip());
            if (n < min || n > max) {
                throw new Bad(name, "must be from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Bad(name, "must be a whole number from " + min + " to " + max);
        }
    }

    private static String cut(String s) {
        return s.length() > 32 ? s.substring(0, 32) : s;
    }
}
