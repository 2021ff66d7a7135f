package dev.cti.link.wire;

import io.vertx.core.json.JsonObject;

/**
 * Writes and reads one type as a JSON object. {@link RecordCodec} derives one from a record's components; a message
 * whose body the derived form cannot express has its own (so far only {@link ReplayedCodec}).
 */
public interface BodyCodec<T> {

    /** The body, without the envelope. */
    JsonObject write(T value);

    /** Reads the body; every mistake is a {@link dev.cti.link.LinkProtocolException} naming its path. */
    T read(BodyReader body);

    /** Reads {@code json} as this type; {@code path} names it in errors ({@code "CallOffered.body"}). */
    default T read(JsonObject json, String path) {
        return read(new BodyReader(json, path));
    }
}
