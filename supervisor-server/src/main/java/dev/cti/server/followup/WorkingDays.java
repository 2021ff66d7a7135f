package dev.cti.server.followup;

import dev.cti.config.CtiConfig;
import dev.cti.config.Holiday;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Working days of the site: not Saturday or Sunday and not a date of {@code holidays}, in {@code site.timeZone}.
 */
final class WorkingDays {
    private final ZoneId zone;
    private final Set<LocalDate> holidays;

    WorkingDays(CtiConfig config) {
        this.zone = ZoneId.of(config.site().timeZone());
        this.holidays = config.holidays().stream().map(Holiday::date).collect(Collectors.toUnmodifiableSet());
    }

    boolean working(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(day);
    }

    /**
     * The end of the {@code days}-th working day after the local day of {@code from} (a complaint made on Thursday with
     * two working days has until the end of Monday, or of Tuesday when Monday is a holiday).
     */
    Instant deadline(Instant from, int days) {
        LocalDate day = LocalDate.ofInstant(from, zone);
        int left = days;
        while (left > 0) {
            day = day.plusDays(1);
            if (working(day)) {
                left--;
            }
        }
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
