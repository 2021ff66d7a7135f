package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.DialingConfig;
import dev.cti.config.UserConfig;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.LinkEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gateway's dial checks on the shipped configuration (the sipp test drives them through real SIP). */
class DialPolicyTest {
    private final List<LinkEvent> events = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private DialPolicy policy(CtiConfig config) {
        return new DialPolicy(config, new B2buaMetrics(registry, () -> 0), events::add,
                Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
    }

    private static CtiConfig shipped() throws Exception {
        return ConfigLoader.load(Path.of("..", "conf"));
    }

    @Test
    void numbersFollowTheOutboundTrunksPlan() throws Exception {
        DialPolicy p = policy(shipped());
        assertThat(p.numberRefusal("13900001111")).isEmpty();
        assertThat(p.numberRefusal("0044207946000")).contains(DialRefusal.DENIED);
        assertThat(p.numberRefusal("1001")).contains(DialRefusal.NOT_ALLOWED);
        assertThat(p.numberRefusal("alice")).contains(DialRefusal.BAD_NUMBER);
        assertThat(policy(shipped().withTrunks(List.of())).numberRefusal("13900001111")).contains(DialRefusal.NO_TRUNK);
    }

    @Test
    void aReferNeedsASeatWhoseRoleMayTransferOut() throws Exception {
        CtiConfig onlySupervisors = shipped().withDialing(new DialingConfig(Set.of(UserConfig.Role.values()),
                Set.of(UserConfig.Role.SUPERVISOR)));
        assertThat(policy(shipped()).referRefusal("1001", "13900001111")).isEmpty();
        assertThat(policy(onlySupervisors).referRefusal("1001", "13900001111")).contains(DialRefusal.ROLE_NOT_ALLOWED);
        assertThat(policy(onlySupervisors).referRefusal("9001", "13900001111")).as("the supervisor's own seat")
                .isEmpty();
        assertThat(policy(onlySupervisors).referRefusal("9001", "16812345")).contains(DialRefusal.DENIED);
        assertThat(policy(shipped()).referRefusal(null, "13900001111")).as("no seat: refused")
                .contains(DialRefusal.ROLE_NOT_ALLOWED);
    }

    @Test
    void aRefusalIsReportedAndCounted() throws Exception {
        policy(shipped()).refused("c-1", "1001", "1001", DialSource.REFER, "16812345", DialRefusal.DENIED);
        assertThat(events).containsExactly(new DialRefused("c-1", "1001", "1001", DialSource.REFER, "16812345",
                DialRefusal.DENIED, 1_000));
        assertThat(registry.get("b2bua.dials.refused").tag("source", "refer").tag("reason", "denied").counter()
                .count()).isEqualTo(1);
        assertThat(Optional.of(events.get(0).toString())).get().asString().doesNotContain("16812345");
    }
}
