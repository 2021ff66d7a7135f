package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Range headers (RFC 9110 §14) against a 1000-byte resource. */
class ByteRangeTest {
    private static final long SIZE = 1000;

    private static ByteRange.Request parse(String header) {
        return ByteRange.parse(Optional.ofNullable(header), SIZE);
    }

    private static ByteRange partial(String header) {
        ByteRange.Request r = parse(header);
        assertThat(r).as(header).isInstanceOf(ByteRange.Partial.class);
        return ((ByteRange.Partial) r).range();
    }

    @Test
    void noHeaderOrSeveralRangesIsTheWholeResource() {
        assertThat(parse(null)).isInstanceOf(ByteRange.Whole.class);
        assertThat(parse("bytes=0-9, 20-29")).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void firstToLast() {
        assertThat(partial("bytes=0-99")).isEqualTo(new ByteRange(0, 99));
        assertThat(partial("bytes=0-99").length()).isEqualTo(100);
        assertThat(partial("bytes=500-500")).isEqualTo(new ByteRange(500, 500));
        assertThat(partial(" bytes = 10 - 20 ")).isEqualTo(new ByteRange(10, 20));
        // a last byte past the end is cut to the end (RFC 9110 §14.1.2)
        assertThat(partial("bytes=900-5000")).isEqualTo(new ByteRange(900, 999));
        assertThat(partial("bytes=0-99").contentRange(SIZE)).isEqualTo("bytes 0-99/1000");
    }

    @Test
    void openEndedAndSuffix() {
        assertThat(partial("bytes=0-")).isEqualTo(new ByteRange(0, 999));
        assertThat(partial("bytes=990-")).isEqualTo(new ByteRange(990, 999));
        assertThat(partial("bytes=-10")).isEqualTo(new ByteRange(990, 999));
        assertThat(partial("bytes=-5000")).isEqualTo(new ByteRange(0, 999));
    }

    @Test
    void unsatisfiableOrMalformed() {
        for (String h : new String[] {"bytes=1000-", "bytes=1000-1001", "bytes=-0", "bytes=5-4", "bytes=-",
                "bytes=abc", "items=0-1", "bytes=99999999999999999999-", ""}) {
            assertThat(parse(h)).as(h).isInstanceOf(ByteRange.Unsatisfiable.class);
        }
    }
}
