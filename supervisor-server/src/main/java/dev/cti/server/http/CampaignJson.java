package dev.cti.server.http;

import dev.cti.config.CtiConfig;
import dev.cti.config.OutboundConfig;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.store.CallListReport;
import dev.cti.server.store.CampaignRecord;
import dev.cti.server.store.CampaignStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON of campaigns, their records, import reports and figures (docs/API.md, "Campaigns"). Numbers masked. */
final class CampaignJson {
    private CampaignJson() {}

    static JsonObject campaign(CtiConfig config, OutboundConfig.Campaign c, boolean withinHours, Map<String, Long> counts) {
        JsonObject o = new JsonObject().put("id", c.id()).put("name", c.name().byLanguage()).put("script", c.script());
        c.queue().ifPresent(q -> o.put("queue", q));
        c.team().ifPresent(t -> o.put("team", t));
        JsonArray outcomes = new JsonArray();
        for (String code : c.outcomes()) {
            JsonObject out = new JsonObject().put("code", code);
            config.wrapUpCodes().stream().filter(w -> w.code().equals(code)).findFirst().ifPresent(w -> out
                    .put("label", w.label().byLanguage()).put("category", w.category().name()));
            OutboundConfig.Retry r = c.retries().get(code);
            if (r != null) {
                out.put("retry", new JsonObject().put("count", r.count()).put("spacingMinutes", r.spacingMinutes()));
            }
            outcomes.add(out);
        }
        JsonArray days = new JsonArray();
        c.hours().days().stream().sorted().forEach(d -> days.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT)));
        return o.put("outcomes", outcomes)
                .put("callingHours", new JsonObject().put("start", c.hours().start().toString())
                        .put("end", c.hours().end().toString()).put("days", days))
                .put("withinCallingHours", withinHours).put("doNotCall", c.doNotCall().size())
                .put("records", new JsonObject(new java.util.LinkedHashMap<>(counts)));
    }

    /**
     * The campaign's definition: the keys of one {@code outbound.campaigns[]} item (what POST and PUT take back), the
     * do-not-call numbers in full (admins only).
     */
    static JsonObject definition(OutboundConfig.Campaign c) {
        JsonObject o = new JsonObject().put("id", c.id()).put("name", new JsonObject(new java.util.LinkedHashMap<>(
                c.name().byLanguage())));
        c.queue().ifPresent(q -> o.put("queue", q));
        c.team().ifPresent(t -> o.put("team", t));
        JsonArray days = new JsonArray();
        c.hours().days().stream().sorted().forEach(d -> days.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT)));
        JsonObject retries = new JsonObject();
        c.outcomes().stream().filter(c.retries()::containsKey).forEach(code -> retries.put(code, new JsonObject()
                .put("count", c.retries().get(code).count())
                .put("spacingMinutes", c.retries().get(code).spacingMinutes())));
        return o.put("script", c.script()).put("outcomes", new JsonArray(c.outcomes()))
                .put("callingHours", new JsonObject().put("start", c.hours().start().toString())
                        .put("end", c.hours().end().toString()).put("days", days))
                .put("retries", retries).put("doNotCall", new JsonArray(c.doNotCall().stream().sorted().toList()));
    }

    /** A record as the agent sees it in preview: the customer's data, the number masked. */
    static JsonObject record(CampaignRecord r) {
        JsonObject o = new JsonObject().put("id", r.id()).put("campaign", r.campaignId())
                .put("number", PhoneMask.mask(r.number())).put("name", r.name()).put("status", r.status())
                .put("attempts", r.attempts()).put("retries", r.retries()).put("nextAt", r.nextAt().toString());
        r.title().ifPresent(t -> o.put("title", t));
        r.notes().ifPresent(n -> o.put("notes", n));
        r.lastOutcome().ifPresent(x -> o.put("lastOutcome", x));
        r.callbackAt().ifPresent(x -> o.put("callbackAt", x.toString()));
        r.dialled().ifPresent(x -> o.put("requestId", x));
        return o;
    }

    static JsonObject report(CallListReport r) {
        return new JsonObject().put("imported", r.imported()).put("duplicates", rows(r.duplicates()))
                .put("doNotCall", rows(r.doNotCall())).put("rejected", rows(r.rejected()))
                .put("counts", new JsonObject().put("imported", r.imported()).put("duplicates", r.duplicates().size())
                        .put("doNotCall", r.doNotCall().size()).put("rejected", r.rejected().size()));
    }

    private static JsonArray rows(List<CallListReport.Row> rows) {
        JsonArray a = new JsonArray();
        rows.forEach(x -> a.add(new JsonObject().put("line", x.line()).put("field", x.field()).put("why", x.why())));
        return a;
    }

    static JsonObject figures(CampaignStore.Figures f) {
        return new JsonObject().put("campaign", f.campaignId()).put("agentId", f.agentId()).put("dials", f.dials())
                .put("outcomes", f.outcomes()).put("successes", f.successes()).put("skips", f.skips())
                .put("conversionRate", f.dials() == 0 ? null : round((double) f.successes() / f.dials()));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
