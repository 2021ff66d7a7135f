package dev.cti.server.campaign;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.OutboundConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.CallListReport;
import dev.cti.server.store.CampaignDefinitionStore;
import dev.cti.server.store.CampaignRecord;
import dev.cti.server.store.CampaignStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.io.Reader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Preview campaigns (外呼, issue 18): an agent assigned to a campaign (by its queue's skills, or its team) asks for the
 * next record within the calling hours, dials it with one click (click-to-dial, the campaign's script shown), or skips
 * it with a reason, and ends it with one of the campaign's outcomes; an outcome with a retry rule puts the record back
 * for later. The store hands a record to one agent at a time. Today's figures are gauges ({@link CampaignTally}); the
 * per-agent ones are {@link #figures}.
 */
public final class CampaignService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CampaignService.class);
    /** The outcome that books a callback: it needs the date-time agreed with the customer. */
    public static final String CALLBACK_BOOKED = "callback-booked";

    private final CtiConfig config;
    private final CampaignStore store;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private final CampaignTally tally;
    private final CampaignBook book;

    public CampaignService(CtiConfig config, CampaignStore store, CampaignDefinitionStore definitions,
                           MeterRegistry meters, Clock clock) {
        this.config = config;
        this.store = store;
        this.meters = meters;
        this.clock = clock;
        this.zone = ZoneId.of(config.site().timeZone());
        this.tally = new CampaignTally(config.outbound().campaigns(), meters, clock, zone);
        this.book = new CampaignBook(config, definitions, clock, tally::add);
    }

    /** Reads the campaigns created in the browser, then today's figures back from the store (after a restart). */
    public Future<Void> start() {
        Instant from = LocalDate.ofInstant(clock.instant(), zone).atStartOfDay(zone).toInstant();
        return book.load().compose(v -> store.figures(from, from.plus(Duration.ofDays(1)))).map(rows -> {
            for (OutboundConfig.Campaign c : book.all()) {
                tally.start(c.id(), rows.stream().filter(r -> r.campaignId().equals(c.id()))
                        .mapToLong(CampaignStore.Figures::dials).sum(), rows.stream().filter(r -> r.campaignId()
                        .equals(c.id())).mapToLong(CampaignStore.Figures::successes).sum());
            }
            return null;
        });
    }

    /** The configuration's campaigns, then those created in the browser. */
    public List<OutboundConfig.Campaign> campaigns() {
        return book.all();
    }

    /** The campaign, or 404 {@code unknown_campaign}. */
    public OutboundConfig.Campaign campaign(String id) {
        return book.find(id).orElseThrow(() -> new CampaignException(404, "unknown_campaign", "no such campaign"));
    }

    /** Whether the campaign is the configuration's: read-only in the browser. */
    public boolean configured(String id) {
        return book.configured(id);
    }

    /** An admin creates a campaign from its JSON (the configuration's keys and rules; {@link CampaignBook}). */
    public Future<OutboundConfig.Campaign> create(String json, String by) {
        return book.create(json, by);
    }

    /** An admin replaces a campaign created in the browser. */
    public Future<OutboundConfig.Campaign> update(String id, String json, String by) {
        return book.update(id, json, by);
    }

    /** An admin deletes a campaign created in the browser ({@link CampaignBook#delete}). */
    public Future<Void> delete(String id, String by) {
        return book.delete(id, by);
    }

    /** Whether the agent works the campaign: a member of its team, or with its queue's required skills. */
    public boolean assigned(OutboundConfig.Campaign c, AgentConfig agent) {
        if (c.team().isPresent()) {
            return c.team().get().equals(agent.team());
        }
        return c.queue().flatMap(config::queue).map(q -> q.accepts(agent.skills())).orElse(false);
    }

    /** Whether the campaign's numbers may be called now (its calling hours, site.timeZone). */
    public boolean withinHours(OutboundConfig.Campaign c) {
        ZonedDateTime now = clock.instant().atZone(zone);
        return c.hours().allows(now.getDayOfWeek(), now.toLocalTime());
    }

    /** Adds a CSV call list to the campaign (numbers on its do-not-call list skipped). */
    public Future<CallListReport> importCsv(OutboundConfig.Campaign c, Reader csv, String by) {
        return store.importCsv(c.id(), c.doNotCall(), csv, by, clock.instant());
    }

    /**
     * The record the agent holds, else the next one due, handed to the agent; empty when none is due. Records held
     * longer than {@code outbound.holdMinutes} without a dial go back to the list first.
     */
    public Future<Optional<CampaignRecord>> next(OutboundConfig.Campaign c, AgentConfig agent) {
        check(c, agent);
        Instant now = clock.instant();
        return store.releaseExpired(c.id(), now.minus(Duration.ofMinutes(config.outbound().holdMinutes())))
                .onSuccess(n -> released(c.id(), n, "held over " + config.outbound().holdMinutes() + " minutes"))
                .compose(n -> store.take(c.id(), agent.id(), c.doNotCall(), now));
    }

    /** The agent logged out: the records it held go back to their lists. */
    public Future<Integer> loggedOut(String agentId) {
        return store.releaseAgent(agentId).onSuccess(n -> released(agentId, n, "agent logged out"));
    }

    private void released(String of, int n, String why) {
        if (n > 0) {
            ServerMeters.CAMPAIGN_RELEASES.counter(meters, why.startsWith("agent") ? "logout" : "timeout").increment(n);
            LOG.info("{} campaign record(s) of {} back in the list: {}", n, of, why);
        }
    }

    /** The record the agent holds, to dial it now (within the calling hours): its number goes to click-to-dial. */
    public Future<CampaignRecord> toDial(OutboundConfig.Campaign c, AgentConfig agent, long recordId) {
        check(c, agent);
        return held(c, agent, recordId);
    }

    /** The click-to-dial of the record was commanded ({@code requestId}): stored as an attempt, counted. */
    public Future<Void> dialled(OutboundConfig.Campaign c, AgentConfig agent, long recordId, String requestId) {
        return store.dialled(recordId, agent.id(), requestId, clock.instant()).map(ok -> {
            ServerMeters.CAMPAIGN_DIALS.counter(meters, c.id()).increment();
            tally.dialled(c.id());
            return null;
        });
    }

    /** The agent skips the record it holds, with a reason (closed, not called). */
    public Future<Void> skip(OutboundConfig.Campaign c, AgentConfig agent, long recordId, String reason) {
        return held(c, agent, recordId).compose(r -> store.skip(recordId, agent.id(), reason, clock.instant()))
                .compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(notHeld()))
                .onSuccess(v -> ServerMeters.CAMPAIGN_SKIPS.counter(meters, c.id()).increment()).mapEmpty();
    }

    /**
     * Ends the record the agent holds with {@code outcome} (one of the campaign's): retried later when the
     * campaign's rule for that outcome has attempts left, else closed. {@code callbackAt} is required for
     * {@value #CALLBACK_BOOKED} (stored with the record for the scheduled callbacks) and refused otherwise.
     */
    public Future<CampaignRecord> outcome(OutboundConfig.Campaign c, AgentConfig agent, long recordId, String outcome,
                                          Optional<Instant> callbackAt) {
        checkOutcome(c, outcome, callbackAt);
        boolean success = config.wrapUpCodes().stream().anyMatch(w -> w.code().equals(outcome)
                && w.category() == WrapUpCode.Category.SUCCESS);
        return held(c, agent, recordId).compose(r -> {
            Optional<OutboundConfig.Retry> rule = Optional.ofNullable(c.retries().get(outcome))
                    .filter(rt -> r.retries() < rt.count());
            return store.outcome(recordId, agent.id(), outcome, success,
                    rule.map(rt -> Duration.ofMinutes(rt.spacingMinutes())), callbackAt, clock.instant());
        }).compose(r -> r.isPresent() ? Future.succeededFuture(r.get()) : Future.failedFuture(notHeld()))
                .onSuccess(r -> {
                    ServerMeters.CAMPAIGN_OUTCOMES.counter(meters, c.id(), outcome).increment();
                    if (success) {
                        tally.succeeded(c.id());
                    }
                });
    }

    /** The checks of {@link #outcome} made before anything is read: 400 naming what is wrong. */
    public void checkOutcome(OutboundConfig.Campaign c, String outcome, Optional<Instant> callbackAt) {
        if (!c.outcomes().contains(outcome)) {
            throw new CampaignException(400, "unknown_outcome", "'" + outcome + "' is not an outcome of campaign "
                    + c.id() + ": " + c.outcomes());
        }
        if (CALLBACK_BOOKED.equals(outcome) != callbackAt.isPresent()) {
            throw new CampaignException(400, "bad_parameter", CALLBACK_BOOKED.equals(outcome)
                    ? "'callbackAt' (an ISO-8601 instant) is required for " + CALLBACK_BOOKED
                    : "'callbackAt' goes only with " + CALLBACK_BOOKED);
        }
        if (callbackAt.isPresent() && !callbackAt.get().isAfter(clock.instant())) {
            throw new CampaignException(400, "bad_parameter", "'callbackAt' must be in the future");
        }
    }

    /** Per campaign and agent, the day's dials, outcomes, successes and skips (site.timeZone's day). */
    public Future<List<CampaignStore.Figures>> figures(LocalDate day) {
        Instant from = day.atStartOfDay(zone).toInstant();
        return store.figures(from, day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    public Future<java.util.Map<String, Long>> counts(OutboundConfig.Campaign c) {
        return store.counts(c.id());
    }

    private void check(OutboundConfig.Campaign c, AgentConfig agent) {
        if (!assigned(c, agent)) {
            throw new CampaignException(409, "not_assigned", "agent " + agent.id() + " does not work campaign " + c.id());
        }
        if (!withinHours(c)) {
            throw new CampaignException(409, "outside_calling_hours", "campaign " + c.id() + " calls "
                    + c.hours().start() + "-" + c.hours().end() + " on " + c.hours().days() + " (" + zone + ")");
        }
    }

    /** The record of the campaign the agent holds, or 409 {@code not_held}. */
    public Future<CampaignRecord> held(OutboundConfig.Campaign c, AgentConfig agent, long recordId) {
        return store.heldBy(recordId, agent.id()).compose(r -> r.filter(x -> x.campaignId().equals(c.id()))
                .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(notHeld())));
    }

    private static CampaignException notHeld() {
        return new CampaignException(409, "not_held", "the agent does not hold that record of the campaign");
    }
}
