package dev.cti.protocol.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads SDP fixtures from src/test/resources/media/sdp; public in this module's test-jar, so the gateway's
 * negotiator tests read the same files the parser test does.
 */
public final class SdpFixtures {

    private SdpFixtures() {}

    public static String text(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/media/sdp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SessionDescription parse(String name) throws SdpException {
        return SdpParser.parse(text(name));
    }
}
