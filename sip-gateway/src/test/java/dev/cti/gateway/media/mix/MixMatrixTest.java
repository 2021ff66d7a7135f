package dev.cti.gateway.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The matrix cell by cell, as issue 7 states it. */
class MixMatrixTest {

    @ParameterizedTest(name = "{0}: {1} hears [{2}]")
    @CsvSource(delimiter = ';', value = {
        "LISTEN;   CUSTOMER;   AGENT",
        "LISTEN;   AGENT;      CUSTOMER",
        "LISTEN;   SUPERVISOR; CUSTOMER AGENT",
        "WHISPER;  CUSTOMER;   AGENT",
        "WHISPER;  AGENT;      CUSTOMER SUPERVISOR",
        "WHISPER;  SUPERVISOR; CUSTOMER AGENT",
        "BARGE;    CUSTOMER;   AGENT SUPERVISOR",
        "BARGE;    AGENT;      CUSTOMER SUPERVISOR",
        "BARGE;    SUPERVISOR; CUSTOMER AGENT",
        "TAKEOVER; CUSTOMER;   SUPERVISOR",
        "TAKEOVER; AGENT;      ''",
        "TAKEOVER; SUPERVISOR; CUSTOMER",
    })
    void cell(MonitorMode mode, Party listener, String sources) {
        Set<Party> expected = Arrays.stream(sources.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .map(Party::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Party.class)));
        assertThat(MixMatrix.sources(mode, listener)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void nobodyEverHearsItselfAndEveryCellIsDefined() {
        for (MonitorMode mode : MonitorMode.values()) {
            for (Party listener : Party.values()) {
                assertThat(MixMatrix.sources(mode, listener)).as("%s %s", mode, listener).isNotNull()
                        .doesNotContain(listener);
            }
        }
    }

    @Test
    void theAgentIsNeitherHeardNorHearsInTakeoverAndEveryoneIsHeardOtherwise() {
        assertThat(MixMatrix.isHeard(MonitorMode.TAKEOVER, Party.AGENT)).isFalse();
        assertThat(MixMatrix.isHeard(MonitorMode.LISTEN, Party.SUPERVISOR)).isFalse();
        for (MonitorMode mode : EnumSet.of(MonitorMode.WHISPER, MonitorMode.BARGE)) {
            for (Party p : Party.values()) {
                assertThat(MixMatrix.isHeard(mode, p)).as("%s %s", mode, p).isTrue();
            }
        }
    }
}
