package dev.cti.link.wire;

import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.Replayed;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message types on the wire and their codecs: every record of the sealed {@link LinkMessage} hierarchy, in the
 * order of its {@code permits} clauses (events, commands, link control), each with the codec derived from its
 * components ({@link RecordCodec}) or, where the derived form cannot express the body, its own ({@link
 * ReplayedCodec}). The type name on the wire is the record's simple name. Adding a message is a record in
 * {@code dev.cti.link.message} named in the {@code permits} of its sealed interface, and a sample in
 * {@code LinkSamples}.
 *
 * <p>Built once, when the class is loaded (a record the codec cannot handle fails there, at start-up, not on the
 * first message), and immutable after: {@link #standard()} is shared by every connection on every thread.
 */
public final class MessageRegistry {

    /** One registered type: its wire name, its record class and its codec. */
    public record MessageType<T extends LinkMessage>(String name, Class<T> type, BodyCodec<T> codec) {

        JsonObject write(LinkMessage message) {
            return codec.write(type.cast(message));
        }
    }

    private static final MessageRegistry STANDARD = new MessageRegistry();

    private final List<MessageType<?>> types;
    private final Map<String, MessageType<?>> byName;
    private final Map<Class<?>, MessageType<?>> byClass;

    private MessageRegistry() {
        List<Class<?>> leaves = new ArrayList<>();
        collectRecords(LinkMessage.class, leaves);
        List<MessageType<?>> list = new ArrayList<>(leaves.size());
        Map<String, MessageType<?>> names = new LinkedHashMap<>();
        Map<Class<?>, MessageType<?>> classes = new LinkedHashMap<>();
        for (Class<?> leaf : leaves) {
            MessageType<?> t = type(leaf.asSubclass(LinkMessage.class));
            if (names.put(t.name(), t) != null || classes.put(t.type(), t) != null) {
                throw new IllegalStateException("message type registered twice: " + t.name());
            }
            list.add(t);
        }
        this.types = List.copyOf(list);
        this.byName = Map.copyOf(names);
        this.byClass = Map.copyOf(classes);
    }

    /** The registry of every message, built once. */
    public static MessageRegistry standard() {
        return STANDARD;
    }

    private static void collectRecords(Class<?> type, List<Class<?>> out) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collectRecords(sub, out);
            }
        } else if (type.isRecord()) {
            out.add(type);
        } else {
            throw new IllegalStateException(type.getName() + " is a LinkMessage but neither sealed nor a record");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends LinkMessage> MessageType<T> type(Class<T> type) {
        BodyCodec<T> codec = type == Replayed.class
                ? (BodyCodec<T>) new ReplayedCodec(this)
                : (BodyCodec<T>) RecordCodec.of((Class) type);
        return new MessageType<>(type.getSimpleName(), type, codec);
    }

    /** Every registered type, in registry order. */
    public List<MessageType<?>> all() {
        return types;
    }

    public Optional<MessageType<?>> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The wire name of a message. */
    public String nameOf(LinkMessage message) {
        return typeOf(message).name();
    }

    /** The message's body, without the envelope. */
    public JsonObject write(LinkMessage message) {
        return typeOf(message).write(message);
    }

    /** Reads {@code json} as a body of {@code type}; {@code path} names it in errors. */
    public <T extends LinkMessage> T read(Class<T> type, JsonObject json, String path) {
        MessageType<?> t = byClass.get(type);
        if (t == null) {
            throw new IllegalArgumentException(type.getName() + " is not a link message");
        }
        return type.cast(t.codec().read(json, path));
    }

    private MessageType<?> typeOf(LinkMessage message) {
        MessageType<?> t = byClass.get(message.getClass());
        if (t == null) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not in MessageRegistry");
        }
        return t;
    }
}
