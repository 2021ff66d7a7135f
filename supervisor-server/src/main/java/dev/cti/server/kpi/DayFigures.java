package dev.cti.server.kpi;

import java.util.Map;
import java.util.OptionalDouble;

/** A day's figures from the stored interval rows ({@code dev.cti.server.report.TodayFigures}), for the gauges and screens. */
public interface DayFigures {
    /** Per configured queue. */
    Map<String, QueueCounts> queues();

    /** Agent occupancy over the day, all agents. */
    OptionalDouble occupancy();
}
