package dev.cti.link.wire;

import dev.cti.link.message.LinkMessage;
import java.util.Objects;

/**
 * One line on the link: {@code {"seq":N,"type":"CallOffered","body":{...}}}. The seq is the
 * sender's, per direction, strictly increasing for the sender's lifetime.
 */
public record Envelope(long seq, LinkMessage message) {

    public Envelope {
        Objects.requireNonNull(message, "message");
    }

    public String type() {
        return MessageRegistry.standard().nameOf(message);
    }
}
