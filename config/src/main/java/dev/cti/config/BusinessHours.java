package dev.cti.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * When a menu is open (issue 17): weekly periods in the site's time zone, closed all day on the site's holidays.
 * Outside them the caller hears {@code closedPrompt}, then {@code closedAction} (a message or hang-up; a callback
 * offer is pending, issue 17).
 */
public record BusinessHours(List<Period> periods, String closedPrompt, MenuConfig.Action closedAction) {

    public BusinessHours {
        periods = List.copyOf(periods);
    }

    /** Open at {@code at} (site time): in a period of its weekday and not a holiday. */
    public boolean isOpen(ZonedDateTime at, Set<LocalDate> holidays) {
        if (holidays.contains(at.toLocalDate())) {
            return false;
        }
        LocalTime time = at.toLocalTime();
        return periods.stream().anyMatch(p -> p.days().contains(at.getDayOfWeek())
                && !time.isBefore(p.open()) && time.isBefore(p.close()));
    }

    /** Open from {@code open} (inclusive) to {@code close} (exclusive) on {@code days}. */
    public record Period(Set<DayOfWeek> days, LocalTime open, LocalTime close) {
        public Period {
            days = Set.copyOf(days);
        }
    }
}
