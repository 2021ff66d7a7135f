package dev.cti.gateway.media.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads SDP fixtures from src/test/resources/media/sdp. */
final class SdpFixtures {

    private SdpFixtures() {}

    static String text(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/media/sdp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) throws SdpException {
        return SdpParser.parse(text(name));
    }
}
