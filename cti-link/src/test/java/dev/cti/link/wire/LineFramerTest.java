package dev.cti.link.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Long> oversized = new ArrayList<>();
    private final LineFramer framer = new LineFramer(10, b -> lines.add(b.toString()), oversized::add);

    private void feed(String s) {
        framer.handle(Buffer.buffer(s));
    }

    @Test
    void splitsLinesAcrossAndWithinChunks() {
        feed("ab");
        feed("c\nde");
        feed("f\n\ngh\r\nij\n");
        assertThat(lines).containsExactly("abc", "def", "gh", "ij");
        assertThat(oversized).isEmpty();
    }

    @Test
    void aLineOfExactlyTheLimitPasses() {
        feed("0123456789\n");
        assertThat(lines).containsExactly("0123456789");
    }

    @Test
    void overlongLineInOneChunkIsDroppedAndTheNextOneKept() {
        feed("0123456789X\nok\n");
        assertThat(lines).containsExactly("ok");
        assertThat(oversized).containsExactly(11L);
    }

    @Test
    void overlongLineAcrossChunksIsReportedOnceAndSkippedToTheNewline() {
        feed("0123456");
        feed("789XYZ");
        feed("more and more garbage");
        feed("still");
        feed(" garbage\nnext\n");
        assertThat(lines).containsExactly("next");
        assertThat(oversized).hasSize(1);
    }
}
