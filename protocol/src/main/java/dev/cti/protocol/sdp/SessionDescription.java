package dev.cti.protocol.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A parsed SDP body (RFC 4566), reduced to what offer/answer for G.711 audio needs.
 *
 * @param originUsername  {@code o=} username
 * @param sessionId       {@code o=} sess-id
 * @param sessionVersion  {@code o=} sess-version (RFC 3264 §8: must grow with each new offer)
 * @param connection      the session-level {@code c=} address, if any
 * @param media           the {@code m=} sections in order
 */
public record SessionDescription(
        String originUsername,
        String sessionId,
        String sessionVersion,
        Optional<String> connection,
        List<MediaDescription> media) {

    public SessionDescription {
        media = List.copyOf(media);
    }

    /** The address media of {@code m} goes to: its own {@code c=} or the session's. */
    public Optional<String> connectionFor(MediaDescription m) {
        return m.connection().or(() -> connection);
    }
}
