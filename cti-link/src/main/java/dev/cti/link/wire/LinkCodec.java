package dev.cti.link.wire;

import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.LinkMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes link lines: one JSON envelope per line, {@code {"seq":N,"type":T,"body":{...}}}.
 * Decoding never throws anything but {@link LinkProtocolException}, whose message says where the line
 * broke; what to do with a bad line (count it, keep the connection) is the receiver's business.
 */
public final class LinkCodec {

    private static final MessageRegistry REGISTRY = MessageRegistry.standard();

    private LinkCodec() {}

    /** The envelope as one JSON line without the trailing newline. */
    public static String encode(Envelope envelope) {
        return new JsonObject()
                .put("seq", envelope.seq())
                .put("type", envelope.type())
                .put("body", REGISTRY.write(envelope.message()))
                .encode();
    }

    /** The envelope as bytes ready for the socket, newline included. */
    public static Buffer encodeLine(long seq, LinkMessage message) {
        return Buffer.buffer(encode(new Envelope(seq, message)) + "\n");
    }

    public static Envelope decode(Buffer line) {
        return decode(line.toString(StandardCharsets.UTF_8));
    }

    public static Envelope decode(String line) {
        if (line == null || line.isBlank()) {
            throw new LinkProtocolException("envelope", "empty line");
        }
        JsonObject json;
        try {
            json = new JsonObject(line);
        } catch (DecodeException | ClassCastException e) {
            throw new LinkProtocolException("envelope", "not a JSON object (" + firstLine(e.getMessage()) + ")", e);
        }
        BodyReader envelope = new BodyReader(json, "envelope");
        long seq = envelope.longValue("seq");
        if (seq < 1) {
            throw new LinkProtocolException("envelope.seq", "must be >= 1");
        }
        String typeName = envelope.string("type");
        MessageRegistry.MessageType<?> type = REGISTRY.byName(typeName)
                .orElseThrow(() -> new LinkProtocolException("envelope.type", "unknown message type '" + shorten(typeName) + "'"));
        Object body = json.getValue("body");
        String bodyPath = type.name() + ".body";
        if (body == null) {
            throw new LinkProtocolException(bodyPath, "missing");
        }
        if (!(body instanceof JsonObject bodyObject)) {
            throw new LinkProtocolException(bodyPath, "expected an object");
        }
        try {
            return new Envelope(seq, type.codec().read(bodyObject, bodyPath));
        } catch (LinkProtocolException e) {
            throw e;
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new LinkProtocolException(bodyPath, "invalid: " + e.getMessage(), e);
        }
    }

    /** A name from the input, cut to 40 characters for an error message. */
    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
