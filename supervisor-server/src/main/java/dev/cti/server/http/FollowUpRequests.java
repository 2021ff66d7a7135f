package dev.cti.server.http;

import dev.cti.config.CtiConfig;
import dev.cti.config.UserConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.server.followup.FollowUps;
import dev.cti.server.security.DialPermission;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The follow-up fields of a wrap-up body (docs/API.md, "Follow-ups"): {@code callbackAt} and {@code callbackNumber},
 * required with a code of category callback, and {@code complaintLevel}, optional with one of category complaint.
 * A field that cannot be used is a {@link Bad} naming it; nothing is guessed.
 */
final class FollowUpRequests {
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,32}");

    private final CtiConfig config;
    private final Clock clock;
    private final DialPermission dialing;

    FollowUpRequests(CtiConfig config, Clock clock, DialPermission dialing) {
        this.config = config;
        this.clock = clock;
        this.dialing = dialing;
    }

    /** A field of the body that cannot be used: the answer's error code and message (which names the field). */
    static final class Bad extends Exception {
        final String code;

        Bad(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** What the wrap-up asks for besides its code. */
    record Asked(Optional<FollowUps.Booking> booking, Optional<String> complaintLevel) {}

    Asked read(JsonObject body, String code) throws Bad {
        Optional<WrapUpCode.Category> category = config.wrapUpCodes().stream().filter(w -> w.code().equals(code))
                .map(WrapUpCode::category).findFirst();
        boolean callback = category.equals(Optional.of(WrapUpCode.Category.CALLBACK));
        boolean complaint = category.equals(Optional.of(WrapUpCode.Category.COMPLAINT));
        Optional<String> at = string(body, "callbackAt");
        Optional<String> number = string(body, "callbackNumber");
        Optional<String> level = string(body, "complaintLevel");
        if (!callback && (at.isPresent() || number.isPresent())) {
            throw new Bad("bad_parameter", "'" + (at.isPresent() ? "callbackAt" : "callbackNumber")
                    + "' goes only with a wrap-up code of category callback");
        }
        if (!complaint && level.isPresent()) {
            throw new Bad("bad_parameter", "'complaintLevel' goes only with a wrap-up code of category complaint");
        }
        if (level.isPresent() && !config.followUps().complaintLevels().contains(level.get())) {
            throw new Bad("bad_parameter", "'complaintLevel' must be one of " + config.followUps().complaintLevels());
        }
        if (!callback) {
            return new Asked(Optional.empty(), level);
        }
        if (at.isEmpty()) {
            throw new Bad("missing_field", "'callbackAt' is required with a callback wrap-up code (the date and time "
                    + "agreed with the customer, e.g. 2026-12-08T10:30 in " + config.site().timeZone() + ")");
        }
        if (number.isEmpty()) {
            throw new Bad("missing_field", "'callbackNumber' is required with a callback wrap-up code");
        }
        Instant when = time(at.get());
        Instant now = clock.instant();
        if (!when.isAfter(now)) {
            throw new Bad("bad_parameter", "'callbackAt' must be in the future");
        }
        int days = config.followUps().callbackHorizonDays();
        if (when.isAfter(now.plus(Duration.ofDays(days)))) {
            throw new Bad("bad_parameter", "'callbackAt' must be within " + days + " days");
        }
        if (!NUMBER.matcher(number.get()).matches()) {
            throw new Bad("bad_number", "'callbackNumber' must be digits with an optional leading '+'");
        }
        if (dialing.check(UserConfig.Role.AGENT, DialPermission.Action.DIAL, number.get()).isPresent()) {
            throw new Bad("bad_number", "'callbackNumber' may not be dialled out (the trunk's dial plan refuses it)");
        }
        return new Asked(Optional.of(new FollowUps.Booking(when, number.get())), Optional.empty());
    }

    /** An ISO date-time with an offset, or a local one in {@code site.timeZone} (what a datetime-local input gives). */
    private Instant time(String s) throws Bad {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            try {
                return LocalDateTime.parse(s).atZone(ZoneId.of(config.site().timeZone())).toInstant();
            } catch (DateTimeException e2) {
                throw new Bad("bad_parameter", "'callbackAt' must be a date-time such as 2026-12-08T10:30 (in "
                        + config.site().timeZone() + ") or 2026-12-08T10:30:00+08:00");
            }
        }
    }

    private static Optional<String> string(JsonObject body, String name) throws Bad {
        Object v = body.getValue(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new Bad("bad_request", "'" + name + "' must be a string");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
