package dev.cti.server.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.AgentConfig;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptRendererTest {
    private static final LocalDate WORKDAY = LocalDate.of(2026, 11, 23);
    private static final LocalDate NATIONAL_DAY = LocalDate.of(2027, 10, 1);
    private final CtiConfig config = load();
    private final ScriptRenderer renderer = new ScriptRenderer(config);
    private final QueueConfig service = config.queue("service").orElseThrow();
    private final QueueConfig sales = config.queue("sales").orElseThrow();
    private final AgentConfig zhang = config.agent("1001").orElseThrow();
    private final AgentConfig emily = config.agent("2001").orElseThrow();

    private static CtiConfig load() {
        try {
            return ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void knownCustomerIsGreetedBySurnameAndTitleWithTheAgentsWorkNumber() {
        RenderedScript s = renderer.render(service, zhang,
                Optional.of(new ScriptRenderer.Customer("王", "先生")), WORKDAY).orElseThrow();
        assertThat(s.language()).isEqualTo("zh-CN");
        assertThat(s.holiday()).isFalse();
        assertThat(s.steps().get(0).text()).isEqualTo("王先生,您好!我是示例科技1001号业务受理专员,请问有什么可以帮您?");
        assertThat(s.steps().get(0).title()).isEqualTo("首问语");
        assertThat(s.quickPhrases()).filteredOn(p -> p.id().equals("before-hold")).singleElement()
                .satisfies(p -> assertThat(p.text()).isEqualTo("王先生,请您稍等,我帮您核实一下好吗?"));
    }

    @Test
    void unknownCallerGetsTheNeutralForm() {
        RenderedScript s = renderer.render(service, zhang, Optional.empty(), WORKDAY).orElseThrow();
        assertThat(s.steps().get(0).text()).isEqualTo("先生/女士,您好!我是示例科技1001号业务受理专员,请问有什么可以帮您?");
    }

    @Test
    void holidayVariantOnConfiguredDates() {
        RenderedScript s = renderer.render(service, zhang, Optional.empty(), NATIONAL_DAY).orElseThrow();
        assertThat(s.holiday()).isTrue();
        assertThat(s.steps().get(0).text()).isEqualTo("先生/女士,您好!节日快乐,请问有什么可以帮您?");
        // steps without a holiday variant keep their text
        assertThat(s.steps().get(s.steps().size() - 2).text()).isEqualTo("感谢您的来电,祝您愉快,再见!");
    }

    @Test
    void englishAgentGetsTheEnglishScriptWithoutStraySpaces() {
        RenderedScript s = renderer.render(sales, emily, Optional.empty(), WORKDAY).orElseThrow();
        assertThat(s.language()).isEqualTo("en");
        assertThat(s.steps().get(0).text())
                .isEqualTo("Sir/Madam, hello! This is Example Tech sales, agent number 2001. How may I help you?");
        RenderedScript known = renderer.render(sales, emily, Optional.of(new ScriptRenderer.Customer("Smith", "女士")),
                NATIONAL_DAY).orElseThrow();
        assertThat(known.steps().get(0).text()).isEqualTo("Ms Smith, hello, and happy National Day! How may I help you?");
    }

    @Test
    void titlesMapBetweenLanguages() {
        assertThat(ScriptRenderer.title(Optional.of("Mr."), "zh-CN")).isEqualTo("先生");
        assertThat(ScriptRenderer.title(Optional.of("女士"), "en")).isEqualTo("Ms");
        assertThat(ScriptRenderer.title(Optional.of("Dr"), "en")).isEqualTo("Dr");
        assertThat(ScriptRenderer.title(Optional.of(" "), "en")).isEqualTo("Sir/Madam");
    }
}
