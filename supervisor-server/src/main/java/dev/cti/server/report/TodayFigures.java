package dev.cti.server.report;

import dev.cti.server.kpi.QueueCounts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Today's figures (the local day in site.timeZone) as the sum of today's interval rows, closed and open: what the
 * wallboard, {@code GET /api/queues} and the {@code /metrics} gauges show. Being sums of the rows the interval job
 * computed from the records (the stored ones, and the open interval's as its last run computed them, written later
 * when only time grew), they are the same after a restart.
 *
 * @param asOf   when the interval job computed them (records up to then are in)
 * @param queues per configured queue (a queue without calls today has {@link QueueCounts#ZERO})
 * @param agents all agents together (occupancy)
 */
public record TodayFigures(LocalDate day, Instant asOf, Map<String, QueueCounts> queues, AgentCounts agents)
        implements dev.cti.server.kpi.DayFigures {
    public TodayFigures {
        queues = Map.copyOf(queues);
    }

    @Override
    public java.util.OptionalDouble occupancy() {
        return agents.occupancy();
    }
}
