package dev.cti.recording;

import java.util.List;
import java.util.Optional;

/**
 * The keys of one key file, in file order: the last is {@link #current()} (new recordings use it), every one stays
 * readable (old recordings name theirs). Immutable.
 */
public final class KeyRing implements KeyLookup {
    private final List<RecordingKey> keys;
    private final String source;

    public KeyRing(List<RecordingKey> keys, String source) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs at least one key");
        }
        this.keys = List.copyOf(keys);
        this.source = source;
    }

    /** The key new recordings are written with: the file's last. */
    public RecordingKey current() {
        return keys.get(keys.size() - 1);
    }

    @Override
    public Optional<RecordingKey> find(String keyId) {
        return keys.stream().filter(k -> k.id().equals(keyId)).findFirst();
    }

    public List<RecordingKey> keys() {
        return keys;
    }

    @Override
    public String describe() {
        return source;
    }
}
