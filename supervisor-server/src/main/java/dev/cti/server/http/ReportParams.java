package dev.cti.server.http;

import dev.cti.config.CtiConfig;
import dev.cti.server.report.Period;
import io.vertx.core.MultiMap;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of the report endpoints, checked one by one; a bad one is refused by name ({@link Bad}: 400
 * {@code bad_parameter}, the parameter first in the message, counted). Days are site-local dates, inclusive; a range
 * is at most {@value #MAX_DAYS} days, by interval at most {@value #MAX_INTERVAL_DAYS}, by hour at most
 * {@value #MAX_HOUR_DAYS}.
 */
final class ReportParams {
    static final int MAX_DAYS = 366;
    static final int MAX_INTERVAL_DAYS = 31;
    static final int MAX_HOUR_DAYS = 92;

    /** A parameter that cannot be used, and why. */
    static final class Bad extends Exception {
        Bad(String parameter, String why) {
            super("'" + parameter + "' " + why);
        }
    }

    private final MultiMap params;
    private final CtiConfig config;

    private ReportParams(MultiMap params, CtiConfig config) {
        this.params = params;
        this.config = config;
    }

    /** Refuses parameters not in {@code names} and repeated ones. */
    static ReportParams check(MultiMap params, CtiConfig config, Set<String> names) throws Bad {
        for (String name : params.names()) {
            if (!names.contains(name)) {
                throw new Bad(name.length() > 32 ? name.substring(0, 32) : name, "is not a parameter of this endpoint ("
                        + String.join(", ", new TreeSet<>(names)) + ")");
            }
            if (params.getAll(name).size() > 1) {
                throw new Bad(name, "is given more than once");
            }
        }
        return new ReportParams(params, config);
    }

    Optional<String> opt(String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** A site-local date, default {@code dflt}. */
    LocalDate date(String name, LocalDate dflt) throws Bad {
        Optional<String> v = opt(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return LocalDate.parse(v.get());
        } catch (DateTimeException e) {
            throw new Bad(name, "must be a date such as 2026-03-01");
        }
    }

    /** from..to (inclusive), checked: to not before from, at most {@code maxDays} days. */
    LocalDate[] range(ZoneId zone, LocalDate today, int maxDays) throws Bad {
        LocalDate from = date("from", today);
        LocalDate to = date("to", opt("from").isPresent() ? from : today);
        if (to.isBefore(from)) {
            throw new Bad("to", "must not be before 'from'");
        }
        if (to.toEpochDay() - from.toEpochDay() + 1 > maxDays) {
            throw new Bad("to", "makes a range of more than " + maxDays + " days; ask for a shorter one");
        }
        return new LocalDate[] {from, to};
    }

    /** The grouping: {@code by}, or by the range's length (a day: interval; a month: day; a quarter: week; else month). */
    Period by(LocalDate from, LocalDate to) throws Bad {
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        Optional<String> v = opt("by");
        if (v.isEmpty()) {
            return days <= 1 ? Period.INTERVAL : days <= 31 ? Period.DAY : days <= 92 ? Period.WEEK : Period.MONTH;
        }
        Period p;
        try {
            p = Period.parse(v.get());
        } catch (IllegalArgumentException e) {
            throw new Bad("by", "must be one of interval, hour, day, week, month, quarter, year, total");
        }
        if (p == Period.INTERVAL && days > MAX_INTERVAL_DAYS) {
            throw new Bad("by", "interval covers at most " + MAX_INTERVAL_DAYS + " days; use hour or day");
        }
        if (p == Period.HOUR && days > MAX_HOUR_DAYS) {
            throw new Bad("by", "hour covers at most " + MAX_HOUR_DAYS + " days; use day");
        }
        return p;
    }

    Optional<String> queue() throws Bad {
        Optional<String> q = opt("queue");
        if (q.isPresent() && config.queue(q.get()).isEmpty()) {
            throw new Bad("queue", "names no configured queue");
        }
        return q;
    }

    Optional<String> team() throws Bad {
        Optional<String> t = opt("team");
        if (t.isPresent() && config.team(t.get()).isEmpty()) {
            throw new Bad("team", "names no configured team");
        }
        return t;
    }

    Optional<String> agent() throws Bad {
        Optional<String> a = opt("agent");
        if (a.isPresent() && config.agent(a.get()).isEmpty()) {
            throw new Bad("agent", "names no configured agent");
        }
        return a;
    }

    /** {@code json} (default) or {@code csv}. */
    boolean csv() throws Bad {
        String f = opt("format").orElse("json").toLowerCase(Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv")) {
            throw new Bad("format", "must be json or csv");
        }
        return f.equals("csv");
    }

    int integer(String name, int dflt, int min, int max) throws Bad {
        Optional<String> v = opt(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new Bad(name, "must be from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Bad(name, "must be a whole number from " + min + " to " + max);
        }
    }
}
