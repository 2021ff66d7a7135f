package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.DialPlan.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default dial plan (China), its configuration keys and their mistakes (issue 13). */
class DialPlanTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "13900001111, ALLOWED",        // mobile
            "19312345678, ALLOWED",        // a 193 mobile is not a carrier prefix
            "01012345678, ALLOWED",        // Beijing landline with its area code
            "075512345678, ALLOWED",       // Shenzhen
            "4008001000, ALLOWED",         // national service number
            "8001234567, ALLOWED",
            "62345678, ALLOWED",           // local landline
            "+8613900001111, ALLOWED",
            "+861012345678, ALLOWED",
            "0044207946000, DENIED",       // international
            "001234567890, DENIED",
            "+442079460000, DENIED",       // international, E.164
            "17909004412345, DENIED",      // IP long-distance carrier prefix
            "12593004412345, DENIED",
            "1259012345, DENIED",          // value-added service
            "16812345, DENIED",            // information line
            "01016812345, DENIED",         // information line with its area code
            "95588, DENIED",               // short information number
            "110, NOT_ALLOWED",            // emergency numbers are not dialled by the contact center
            "1001, NOT_ALLOWED",           // an extension is not an outside number
            "1390000111, NOT_ALLOWED",     // one digit short
            "abc, BAD_NUMBER",
            "'', BAD_NUMBER",
            "+, BAD_NUMBER",
            "139 0000 1111, BAD_NUMBER",
            "123456789012345678901, BAD_NUMBER" // 21 digits
    })
    void defaults(String number, Verdict expected) {
        assertThat(DialPlan.defaults().check(number)).isEqualTo(expected);
    }

    @Test
    void theShippedConfigurationTakesTheDefaultsAndEveryRoleMayDialOut() throws ConfigException {
        CtiConfig config = new ConfigFixture(tmp).load();
        assertThat(config.outboundTrunk()).isPresent();
        assertThat(config.outboundTrunk().get().dialPlan()).isEqualTo(DialPlan.defaults());
        assertThat(config.dialing()).isEqualTo(DialingConfig.DEFAULTS);
        assertThat(config.network().sip().registrar()).isEqualTo(NetworkConfig.Registrar.DEFAULTS);
    }

    @Test
    void aTrunkPlanAndTheRolesAreRead() throws ConfigException {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("site.yaml", "    transport: udp\n", "    transport: udp\n    dialPlan:\n"
                + "      allow: [\"1[3-9][0-9]{9}\", \"00852[0-9]{8}\"]\n      deny: []\n");
        fx.replace("site.yaml", "  transferOutRoles: [agent, supervisor, qa, admin]", "  transferOutRoles: [supervisor]");
        CtiConfig config = fx.load();
        DialPlan plan = config.outboundTrunk().orElseThrow().dialPlan();
        assertThat(plan.check("0085212345678")).as("Hong Kong allowed on purpose").isEqualTo(Verdict.ALLOWED);
        assertThat(plan.check("0044207946000")).isEqualTo(Verdict.NOT_ALLOWED);
        assertThat(config.dialing().transferOutRoles()).isEqualTo(Set.of(UserConfig.Role.SUPERVISOR));
        assertThat(config.dialing().mayDialOut(UserConfig.Role.AGENT)).isTrue();
        assertThat(config.rolesOfSeat("1001")).containsExactly(UserConfig.Role.AGENT);
        assertThat(config.rolesOfSeat("no-such-seat")).as("a bare phone counts as an agent")
                .containsExactly(UserConfig.Role.AGENT);
    }

    @Test
    void aBrokenPatternAndAnUnknownRoleAreReportedWithTheirLines() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int planLine = fx.replace("site.yaml", "    transport: udp\n", "    transport: udp\n    dialPlan:\n"
                + "      allow: [\"1[3-9\"]\n") + 2;
        int roleLine = fx.replace("site.yaml", "  dialOutRoles: [agent, supervisor, qa, admin]",
                "  dialOutRoles: [agent, boss]");
        List<ConfigError> errors = fx.errors();
        assertThat(errors).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                fx.file("site.yaml") + ":" + planLine + " trunks[0].dialPlan.allow[0]: is not a regular expression: "
                        + "Unclosed character class at character 5 of '1[3-9'",
                fx.file("site.yaml") + ":" + roleLine + " dialing.dialOutRoles[1]: must be one of agent, supervisor, "
                        + "qa, admin, got 'boss'");
    }

    @Test
    void registrarProtectionsAreReadAndBoundsChecked() throws ConfigException {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("site.yaml", "      lockoutFailures: 5 ", "      lockoutFailures: 3 ");
        assertThat(fx.load().network().sip().registrar().lockoutFailures()).isEqualTo(3);
        int line = fx.replace("site.yaml", "      maxBindingsPerExtension: 3", "      maxBindingsPerExtension: 0");
        assertThat(fx.errors()).extracting(ConfigError::toString).containsExactly(fx.file("site.yaml") + ":" + line
                + " network.sip.registrar.maxBindingsPerExtension: must be a whole number from 1 to 100, got 0");
    }
}
