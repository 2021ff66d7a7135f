package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code outbound} section (conf/campaigns.yaml, issue 18): typed as shipped, and its cross-references checked. */
class CampaignConfigTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedCampaignIsTyped() throws ConfigException {
        CtiConfig config = new ConfigFixture(tmp).load();
        assertThat(config.outbound().script()).contains("sales-outbound");
        OutboundConfig.Campaign c = config.outbound().campaign("spring-offer").orElseThrow();
        assertThat(c.queue()).contains("sales");
        assertThat(c.team()).isEmpty();
        assertThat(c.outcomes()).containsExactly("order", "interested", "refused", "no-answer", "busy", "powered-off",
                "invalid-number", "wrong-person", "callback-booked", "complaint");
        assertThat(c.hours().allows(DayOfWeek.MONDAY, LocalTime.of(9, 0))).isTrue();
        assertThat(c.hours().allows(DayOfWeek.MONDAY, LocalTime.of(20, 0))).isFalse();
        assertThat(c.hours().allows(DayOfWeek.SUNDAY, LocalTime.of(12, 0))).isFalse();
        assertThat(c.retries()).containsEntry("busy", new OutboundConfig.Retry(3, 30));
        assertThat(c.doNotCall()).containsExactly("13900000000");
        assertThat(config.script("sales-outbound").orElseThrow().steps()).extracting(ScriptConfig.Step::id)
                .containsExactly("greeting", "self-introduction", "purpose", "introduction", "objections", "close",
                        "appointment", "thanks");
    }

    @Test
    void aCampaignsReferencesAndHoursAreChecked() {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("campaigns.yaml", "      queue: sales\n", "      queue: sales\n      team: team-sales\n");
        fx.replace("campaigns.yaml", "      script: sales-outbound\n", "      script: nope\n");
        fx.replace("campaigns.yaml", "callback-booked, complaint]", "callback-booked, complaint, lunch]");
        fx.replace("campaigns.yaml", "start: \"09:00\", end: \"20:00\"", "start: \"21:00\", end: \"20:00\"");
        fx.replace("campaigns.yaml", "        busy: { count: 3, spacingMinutes: 30 }",
                "        resolved: { count: 3, spacingMinutes: 30 }");
        assertThat(fx.errors()).extracting(e -> e.line() + " " + e.path() + ": " + e.message()).containsExactlyInAnyOrder(
                fx.lineOf("campaigns.yaml", "- id: spring-offer") + " outbound.campaigns[0]: a campaign names exactly "
                        + "one of queue and team",
                fx.lineOf("campaigns.yaml", "script: nope") + " outbound.campaigns[0].script: unknown script 'nope'; "
                        + "defined: sales-inbound, sales-outbound, service-inbound",
                fx.lineOf("campaigns.yaml", "complaint, lunch]") + " outbound.campaigns[0].outcomes[10]: unknown "
                        + "wrap-up code 'lunch'; defined: busy, callback-booked, complaint, interested, invalid-number, "
                        + "no-answer, order, powered-off, refused, resolved, silent-caller, transferred, unresolved, "
                        + "wrong-number, wrong-person",
                fx.lineOf("campaigns.yaml", "end: \"20:00\"") + " outbound.campaigns[0].callingHours.end: must be "
                        + "after start (calling hours end on the day they start)",
                fx.lineOf("campaigns.yaml", "resolved: { count") + " outbound.campaigns[0].retries.resolved: retry "
                        + "rule for 'resolved', which is not one of the campaign's outcomes");
    }
}
