package dev.cti.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo's flags, and which address it calls in from. */
class DemoOptionsTest {
    @Test
    void defaultsAndFlags() throws Exception {
        DemoOptions d = DemoOptions.parse(new String[0]);
        assertThat(d.agents()).isEqualTo(4);
        assertThat(d.calls()).isZero();
        assertThat(d.configDir()).isEqualTo(Path.of("conf"));

        DemoOptions o = DemoOptions.parse(new String[] {"--config", "x", "--agents", "2", "--calls", "3",
                "--call-every", "2.5"});
        assertThat(o).isEqualTo(new DemoOptions(Path.of("x"), 2, 3, 2.5));
    }

    @Test
    void badFlagsNameTheFlag() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--agents", "zero"}))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessageContaining("--agents needs a whole number");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--agents", "0"}))
                .hasMessageContaining("--agents is 1 to 50");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--calls"})).hasMessage("--calls needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--call-every", "0"}))
                .hasMessageContaining("0.5 to 3600");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--speed", "2"})).hasMessage("unknown flag --speed");
    }

    @Test
    void callsComeFromTheShippedTrunkAddressOnThisMachine() throws Exception {
        CtiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", ".."), "conf"));
        assertThat(DemoMain.localTrunkAddress(shipped)).contains("127.0.0.1");
    }
}
