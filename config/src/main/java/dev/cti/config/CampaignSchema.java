package dev.cti.config;

import static dev.cti.config.schema.Field.optional;
import static dev.cti.config.schema.Field.required;
import static dev.cti.config.schema.Field.withDefault;

import dev.cti.config.schema.Type.ListOf;
import dev.cti.config.schema.Type.MapOf;
import dev.cti.config.schema.Type.Obj;
import dev.cti.config.schema.Types;
import java.util.List;
import java.util.Map;

/** The {@code outbound} section (issue 18): click-to-dial's script and the preview campaigns. */
final class CampaignSchema {
    private CampaignSchema() {}

    static final Obj HOURS = new Obj("calling hours", "When a campaign's numbers may be called (site.timeZone).",
            List.of(withDefault("start", Types.timeOfDay(), "09:00", "First minute a record may be handed out."),
                    withDefault("end", Types.timeOfDay(), "20:00", "No record is handed out from this time on."),
                    withDefault("days", new ListOf(ConfigSchema.WEEKDAY, 1),
                            List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "Calling days.")));

    static final Obj RETRY = new Obj("retry", "Another attempt after this outcome.", List.of(
            required("count", Types.integer(1, 20), "How many more attempts at most."),
            required("spacingMinutes", Types.integer(1, 10080), "Minutes until the record is handed out again.")));

    static final Obj CAMPAIGN = new Obj("campaign", "A preview campaign (外呼): its agents work a call list record by "
            + "record.", List.of(
            required("id", Types.id(), "Campaign id."),
            required("name", ConfigSchema.localized("campaign name"), "Display name."),
            optional("queue", Types.id(), "Queue (queues[].id) whose agents work it: those with its required skills "
                    + "(exactly one of queue and team)."),
            optional("team", Types.id(), "Team (teams[].id) whose agents work it."),
            required("script", Types.id(), "Script (scripts[].id) shown for its calls."),
            required("outcomes", new ListOf(Types.id(), 1), "Wrap-up codes (wrapUpCodes[].code) a record is ended "
                    + "with; a code of category success counts as a success."),
            withDefault("callingHours", HOURS, Map.of(), "Calling hours."),
            withDefault("retries", new MapOf(Types.id(), RETRY), Map.of(), "Per outcome: retry rules (an outcome "
                    + "without one is final)."),
            withDefault("doNotCall", new ListOf(Types.digits(), 0), List.of(), "Numbers never called (imports skip "
                    + "them).")));

    static final Obj OUTBOUND = new Obj("outbound", "Outbound work: click-to-dial's script and preview campaigns "
            + "(docs/API.md, \"Campaigns\").", List.of(
            optional("script", Types.id(), "Script (scripts[].id) shown on the desktop for a click-to-dial call "
                    + "outside a campaign."),
            withDefault("holdMinutes", Types.integer(1, 1440), 30, "Minutes a record stays with the agent who took "
                    + "it without dialling it; then (and when that agent logs out) it goes back to the list."),
            withDefault("campaigns", new ListOf(CAMPAIGN, 0), List.of(), "Preview campaigns.")));
}
