package dev.cti.server.campaign;

import dev.cti.config.OutboundConfig;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Today's figures per campaign for {@code /metrics} (site.timeZone's day): records dialled, successes and the
 * conversion rate, as gauges. Started from the store's attempts of the day (a restart keeps them), then counted as
 * they happen; a new day starts from zero.
 */
final class CampaignTally {
    private final Clock clock;
    private final MeterRegistry meters;
    private final ZoneId zone;
    private final Map<String, AtomicLongArray> today = new HashMap<>();
    private volatile LocalDate day;

    CampaignTally(List<OutboundConfig.Campaign> campaigns, MeterRegistry meters, Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.day = LocalDate.ofInstant(clock.instant(), zone);
        this.meters = meters;
        campaigns.forEach(c -> add(c.id()));
    }

    /** Counts and gauges for a campaign (one of the configuration's, or one created in the browser); once per id. */
    synchronized void add(String id) {
        if (today.containsKey(id)) {
            return;
        }
        today.put(id, new AtomicLongArray(2)); // dials, successes
        ServerMeters.CAMPAIGN_DIALS_TODAY.gauge(() -> current(id).get(0), id).register(meters);
        ServerMeters.CAMPAIGN_SUCCESSES_TODAY.gauge(() -> current(id).get(1), id).register(meters);
        ServerMeters.CAMPAIGN_CONVERSION_RATE.gauge(() -> rate(current(id)), id).register(meters);
    }

    private static double rate(AtomicLongArray a) {
        return a.get(0) == 0 ? Double.NaN : (double) a.get(1) / a.get(0);
    }

    /** The counts of the campaign, zeroed first when the day changed. */
    private synchronized AtomicLongArray current(String campaignId) {
        LocalDate now = LocalDate.ofInstant(clock.instant(), zone);
        if (!now.equals(day)) {
            day = now;
            today.values().forEach(a -> {
                a.set(0, 0);
                a.set(1, 0);
            });
        }
        return today.getOrDefault(campaignId, new AtomicLongArray(2));
    }

    /** Today's counts as stored (at start-up). */
    void start(String campaignId, long dials, long successes) {
        AtomicLongArray a = current(campaignId);
        a.set(0, dials);
        a.set(1, successes);
    }

    void dialled(String campaignId) {
        current(campaignId).incrementAndGet(0);
    }

    void succeeded(String campaignId) {
        current(campaignId).incrementAndGet(1);
    }
}
