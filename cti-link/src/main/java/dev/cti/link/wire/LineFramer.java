package dev.cti.link.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Splits a TCP byte stream into newline-terminated lines, with a hard cap on line length.
 *
 * <p>Vert.x's {@code RecordParser} reports an over-long record but keeps buffering it until the
 * delimiter arrives, so one runaway line can still grow memory without bound. This framer instead
 * drops an over-long line as soon as it passes the cap, reports it once, and skips to the next
 * newline: memory stays bounded and the connection survives. Empty lines and a trailing {@code \r}
 * are ignored. Not thread-safe: feed it from the socket's context only.
 */
public final class LineFramer implements Handler<Buffer> {

    private final int maxLineBytes;
    private final Consumer<Buffer> lineHandler;
    private final LongConsumer oversizedHandler;
    private Buffer pending = Buffer.buffer();
    private boolean discarding;

    /**
     * @param maxLineBytes     longest line accepted, newline excluded
     * @param lineHandler      receives each complete line (no newline)
     * @param oversizedHandler told once per dropped line, with the bytes seen when it was dropped
     */
    public LineFramer(int maxLineBytes, Consumer<Buffer> lineHandler, LongConsumer oversizedHandler) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
        this.lineHandler = lineHandler;
        this.oversizedHandler = oversizedHandler;
    }

    @Override
    public void handle(Buffer chunk) {
        int start = 0;
        int length = chunk.length();
        for (int i = 0; i < length; i++) {
            if (chunk.getByte(i) != '\n') {
                continue;
            }
            if (discarding) {
                discarding = false;
            } else {
                int size = pending.length() + (i - start);
                if (size > maxLineBytes) {
                    pending = Buffer.buffer();
                    oversizedHandler.accept(size);
                } else {
                    Buffer line = pending.length() == 0
                            ? chunk.getBuffer(start, i)
                            : pending.appendBuffer(chunk.getBuffer(start, i));
                    pending = Buffer.buffer();
                    emit(line);
                }
            }
            start = i + 1;
        }
        if (start < length && !discarding) {
            int size = pending.length() + (length - start);
            if (size > maxLineBytes) {
                pending = Buffer.buffer();
                discarding = true;
                oversizedHandler.accept(size);
            } else {
                pending.appendBuffer(chunk.getBuffer(start, length));
            }
        }
    }

    private void emit(Buffer line) {
        int n = line.length();
        if (n > 0 && line.getByte(n - 1) == '\r') {
            line = line.getBuffer(0, n - 1);
            n--;
        }
        if (n > 0) {
            lineHandler.accept(line);
        }
    }
}
