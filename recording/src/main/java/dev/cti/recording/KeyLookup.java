package dev.cti.recording;

import java.io.IOException;
import java.util.Optional;

/** Finds the key a recording's header names. {@link KeyRing} (fixed) and {@link RecordingKeys} (reloading) do. */
@FunctionalInterface
public interface KeyLookup {
    /** The key with this id, if known. */
    Optional<RecordingKey> find(String keyId) throws IOException;

    /** Where keys come from, for error messages ("the key file /srv/cti/recording-keys"). */
    default String describe() {
        return "the key ring";
    }
}
