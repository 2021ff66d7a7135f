package dev.cti.server.recording;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 §14), resolved against the size of what is served:
 * {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n} (the last n bytes). A list of several ranges is not served
 * as multipart: {@link #parse} answers "whole", which RFC 9110 allows (a server may ignore Range).
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
public record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d{0,19})\\s*-\\s*(\\d{0,19})\\s*");

    public long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/size}, for Content-Range. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** What a Range header asks of {@code size} bytes. */
    public sealed interface Request {}

    /** No Range header, or several ranges: send everything with 200. */
    public record Whole() implements Request {}

    /** One satisfiable range: 206 with Content-Range. */
    public record Partial(ByteRange range) implements Request {}

    /** Malformed, or beyond the end: 416 with {@code Content-Range: bytes *}{@code /size}. */
    public record Unsatisfiable(String why) implements Request {}

    public static Request parse(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Whole();
        }
        String h = header.get();
        if (h.contains(",")) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(h);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return new Unsatisfiable("malformed range");
        }
        try {
            if (m.group(1).isEmpty()) { // suffix: the last n bytes
                long n = Long.parseLong(m.group(2));
                if (n == 0 || size == 0) {
                    return new Unsatisfiable("empty suffix range");
                }
                return new Partial(new ByteRange(Math.max(0, size - n), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (last < first) {
                return new Unsatisfiable("last byte before first");
            }
            if (first >= size) {
                return new Unsatisfiable("range starts at or past the end");
            }
            return new Partial(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            return new Unsatisfiable("range out of bounds");
        }
    }
}
