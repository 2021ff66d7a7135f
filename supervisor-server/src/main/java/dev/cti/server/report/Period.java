package dev.cti.server.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * How a report groups its intervals: by interval (15 minutes), hour, day, week (ISO, from Monday), month, quarter or
 * year, in site time. The key names the period: {@code 2026-03-01T09:15}, {@code 2026-03-01T09}, {@code 2026-03-01},
 * {@code 2026-W09} (ISO week-based year and week), {@code 2026-03}, {@code 2026-Q1}, {@code 2026}.
 */
public enum Period {
    INTERVAL, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR, TOTAL;

    public static Period parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public String key(Instant intervalStart, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(intervalStart, zone);
        LocalDate d = t.toLocalDate();
        return switch (this) {
            case INTERVAL -> String.format("%sT%02d:%02d", d, t.getHour(), t.getMinute());
            case HOUR -> String.format("%sT%02d", d, t.getHour());
            case DAY -> d.toString();
            case WEEK -> String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("%d-%02d", d.getYear(), d.getMonthValue());
            case QUARTER -> d.getYear() + "-Q" + d.get(IsoFields.QUARTER_OF_YEAR);
            case YEAR -> Integer.toString(d.getYear());
            case TOTAL -> "total";
        };
    }

    /** The first day of the period holding {@code d} (WEEK: its Monday). */
    public LocalDate start(LocalDate d) {
        return switch (this) {
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> d.withDayOfMonth(1);
            case QUARTER -> d.withMonth((d.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1);
            case YEAR -> d.withDayOfYear(1);
            default -> d;
        };
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
