package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign defined in the browser (issue 18) is read with the configuration file's schema and cross-references:
 * typed like a configured one, and its mistakes named by key path.
 */
class CampaignDefinitionTest {
    @TempDir
    Path tmp;

    private static final String GOOD = """
            {"id":"winter","name":{"zh-CN":"冬季回访","en":"Winter follow-up"},"team":"team-sales",
             "script":"sales-outbound","outcomes":["order","busy","no-answer"],
             "callingHours":{"start":"10:00","end":"18:30","days":["mon","sat"]},
             "retries":{"busy":{"count":2,"spacingMinutes":45}},"doNotCall":["13900000001"]}""";

    @Test
    void aDefinitionIsTypedLikeAConfiguredCampaign() throws ConfigException {
        CtiConfig config = new ConfigFixture(tmp).load();
        assertThat(config.outbound().holdMinutes()).as("outbound.holdMinutes as shipped").isEqualTo(30);
        OutboundConfig.Campaign c = CampaignDefinition.read(GOOD, config);
        assertThat(c.id()).isEqualTo("winter");
        assertThat(c.name().get("zh-CN")).isEqualTo("冬季回访");
        assertThat(c.team()).contains("team-sales");
        assertThat(c.queue()).isEmpty();
        assertThat(c.outcomes()).containsExactly("order", "busy", "no-answer");
        assertThat(c.hours()).isEqualTo(new OutboundConfig.CallingHours(LocalTime.of(10, 0), LocalTime.of(18, 30),
                java.util.Set.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY)));
        assertThat(c.retries()).containsExactly(java.util.Map.entry("busy", new OutboundConfig.Retry(2, 45)));
        assertThat(c.doNotCall()).containsExactly("13900000001");
    }

    @Test
    void everyMistakeIsNamedByItsField() throws ConfigException {
        CtiConfig config = new ConfigFixture(tmp).load();
        String bad = GOOD.replace("\"team\":\"team-sales\"", "\"queue\":\"nope\"")
                .replace("\"count\":2", "\"count\":0").replace("\"18:30\"", "\"09:00\"")
                .replace("\"no-answer\"]", "\"no-answer\",\"lunch\"]").replace("\"13900000001\"", "\"139-x\"")
                .replace("\"script\"", "\"colour\":\"red\",\"script\"");
        assertThatThrownBy(() -> CampaignDefinition.read(bad, config)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder("colour", "queue",
                        "outcomes[3]", "callingHours.end", "retries.busy.count", "doNotCall[0]"));
        assertThatThrownBy(() -> CampaignDefinition.read("[1, 2", config)).isInstanceOfSatisfying(
                ConfigException.class, e -> assertThat(e.errors()).singleElement().extracting(ConfigError::message)
                        .isEqualTo("is not a JSON object"));
        assertThatThrownBy(() -> CampaignDefinition.read(GOOD.replace("\"team\":\"team-sales\",", ""), config))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(x -> assertThat(x.path() + ": " + x.message())
                                .isEqualTo(": a campaign names exactly one of queue and team")));
    }
}
