package dev.cti.agent.headless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandTest {
    @Test
    void parsesVerbsArgumentsAndNotesWithSpaces() throws Exception {
        assertThat(Command.parse("  READY ")).isEqualTo(new Command("ready", java.util.List.of()));
        assertThat(Command.parse("not-ready meal").args()).containsExactly("meal");
        assertThat(Command.parse("wrapup resolved 客户 问题 已解决").args()).containsExactly("resolved", "客户 问题 已解决");
        assertThat(Command.parse("wrapup resolved").args()).containsExactly("resolved");
        assertThat(Command.parse("dtmf 12#").arg(0)).isEqualTo("12#");
        assertThat(Command.usages()).contains("transfer TARGET", "dial NUMBER", "reject [busy|decline]",
                "shown step|phrase|prompt ID");
        assertThat(Command.parse("shown phrase before-hold").args()).containsExactly("phrase", "before-hold");
        assertThat(Command.parse("recording").args()).isEmpty();
        assertThat(Command.parse("recording pause").args()).containsExactly("pause");
        assertThat(Command.parse("acknowledge 12").args()).containsExactly("12");
        assertThat(Command.parse("acknowledge 12 谢谢 指导").args()).containsExactly("12", "谢谢 指导");
        assertThat(Command.parse("dispute 12 保持前 我说明了原因").args()).containsExactly("12", "保持前 我说明了原因");
    }

    @Test
    void aCallbackWrapUpTakesItsTimeAndNumberThenTheNotes() throws Exception {
        assertThat(Command.parse("callback-wrapup callback-booked 2026-12-08T10:30 13912345678 客户 下午 有空").args())
                .containsExactly("callback-booked", "2026-12-08T10:30", "13912345678", "客户 下午 有空");
        assertThat(Command.parse("callback-wrapup interested 2026-12-08T10:30 13912345678").args())
                .containsExactly("interested", "2026-12-08T10:30", "13912345678");
        assertThatThrownBy(() -> Command.parse("callback-wrapup interested 2026-12-08T10:30"))
                .hasMessage("usage: callback-wrapup CODE AT NUMBER [NOTES]");
    }

    @Test
    void badLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> Command.parse("")).hasMessage("empty command");
        assertThatThrownBy(() -> Command.parse("fly away")).hasMessageContaining("unknown command 'fly'");
        assertThatThrownBy(() -> Command.parse("not-ready")).hasMessage("usage: not-ready REASON");
        assertThatThrownBy(() -> Command.parse("hold now")).hasMessage("usage: hold");
        assertThatThrownBy(() -> Command.parse("dispute 12")).hasMessage("usage: dispute EVALUATION_ID COMMENT");
        assertThatThrownBy(() -> Command.parse("recording pause now")).hasMessage("usage: recording [pause|resume]");
        assertThatThrownBy(() -> Command.parse("x".repeat(5000))).hasMessageContaining("4096");
    }
}
