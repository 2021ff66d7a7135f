package dev.cti.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void readsEveryFlag() throws Exception {
        AgentOptions o = AgentOptions.parse(new String[] {"--id", "1001", "--config", "c", "--server", "http://h:1",
                "--gateway", "g:5070", "--password-file", "pw", "--headless", "--auto-answer=250", "--control-port", "0",
                "--audio-in", "tone:880", "--audio-out", "out.wav", "--sip-expires", "60"});
        assertThat(o.id()).isEqualTo("1001");
        assertThat(o.configDir()).isEqualTo(Path.of("c"));
        assertThat(o.server()).contains("http://h:1");
        assertThat(o.gateway()).contains("g:5070");
        assertThat(o.headless()).isTrue();
        assertThat(o.autoAnswerMs()).isEqualTo(250);
        assertThat(o.controlPort()).isZero();
        assertThat(o.audio()).isEqualTo(new AudioSpec("tone:880", "out.wav"));
        assertThat(o.sipExpires()).isEqualTo(60);
        assertThat(AgentOptions.parse(new String[] {"--id", "1", "--auto-answer"}).autoAnswerMs()).isZero();
        assertThat(AgentOptions.parse(new String[] {"--id", "1"}).autoAnswerMs()).isEqualTo(-1);
        assertThat(AgentOptions.parse(new String[] {"--id", "1"}).monitorAutoAnswer()).isTrue();
        assertThat(AgentOptions.parse(new String[] {"--id", "1"}).user()).isEmpty();
        assertThat(AgentOptions.parse(new String[] {"--id", "9001", "--user", "supervisor"}).user()).contains("supervisor");
        assertThat(AgentOptions.parse(new String[] {"--id", "1", "--no-monitor-auto-answer"}).monitorAutoAnswer())
                .isFalse();
    }

    @Test
    void anHttpsServerMayComeWithTheCaToTrust() throws Exception {
        AgentOptions o = AgentOptions.parse(new String[] {"--id", "1001", "--server", "https://cti.example:8443",
                "--ca", "ca.pem"});
        assertThat(o.ca()).contains(Path.of("ca.pem"));
        assertThat(AgentOptions.parse(new String[] {"--id", "1001"}).ca()).isEmpty();
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--id", "1", "--ca", "ca.pem"}))
                .hasMessageContaining("--server https://");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--id", "1", "--server", "http://127.0.0.1:8080",
                "--ca", "ca.pem"})).hasMessageContaining("https");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {})).hasMessageContaining("--id");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--id", "1", "--frobnicate"})).hasMessageContaining("--frobnicate");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--id", "1", "--gateway", "nohost"})).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--id", "1", "--audio-in", "tone:abc"})).hasMessageContaining("tone:HZ");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--id", "1", "--control-port", "70000"})).hasMessageContaining("65535");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--id"})).hasMessageContaining("needs a value");
    }
}
