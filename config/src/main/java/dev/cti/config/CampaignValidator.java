package dev.cti.config;

import dev.cti.config.schema.Val;
import java.time.LocalTime;
import java.util.Map;

/** Cross-references of the {@code outbound} section: queues, teams, scripts, wrap-up codes, hours, retries. */
final class CampaignValidator {
    private final ConfigValidator v;
    private final Val outbound;

    CampaignValidator(ConfigValidator v, Val outbound) {
        this.v = v;
        this.outbound = outbound;
    }

    void validate(Map<String, Val> queues, Map<String, Val> teams, Map<String, Val> scripts, Map<String, Val> codes) {
        if (outbound == null || !outbound.present()) {
            return;
        }
        v.ref(outbound.get("script"), scripts, "script");
        v.uniqueIn(outbound.get("campaigns"), "id", "campaign");
        for (Val c : outbound.get("campaigns").list()) {
            if (c.present()) {
                campaign(v, c, queues, teams, scripts, codes);
            }
        }
    }

    /**
     * One campaign's cross-references and hours: of the configuration file's campaigns, and of one created or edited
     * in the browser ({@link CampaignDefinition}), so both follow the same rules.
     */
    static void campaign(ConfigValidator v, Val c, Map<String, Val> queues, Map<String, Val> teams,
                         Map<String, Val> scripts, Map<String, Val> codes) {
        if (c.get("queue").present() == c.get("team").present()) {
            v.error(c, "a campaign names exactly one of queue and team");
        }
        v.ref(c.get("queue"), queues, "queue");
        v.ref(c.get("team"), teams, "team");
        v.ref(c.get("script"), scripts, "script");
        java.util.Set<String> outcomes = new java.util.HashSet<>();
        for (Val o : c.get("outcomes").list()) {
            v.ref(o, codes, "wrap-up code");
            if (o.present() && !outcomes.add(String.valueOf(o.value()))) {
                v.error(o, "outcome '" + o.value() + "' listed twice");
            }
        }
        if (c.get("retries").present()) {
            for (Map.Entry<String, Val> r : c.get("retries").obj().entrySet()) {
                if (!outcomes.contains(r.getKey())) {
                    v.error(r.getValue(), "retry rule for '" + r.getKey() + "', which is not one of the campaign's "
                            + "outcomes");
                }
            }
        }
        Val hours = c.get("callingHours");
        if (hours.present() && hours.get("start").present() && hours.get("end").present()
                && !((LocalTime) hours.get("start").value()).isBefore((LocalTime) hours.get("end").value())) {
            v.error(hours.get("end"), "must be after start (calling hours end on the day they start)");
        }
    }
}
