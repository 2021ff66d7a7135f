package dev.cti.gateway.media;

import dev.cti.protocol.audio.G711;
import io.netty.buffer.ByteBuf;

/**
 * Reads a leg's G.711 audio as it passes, without owning or changing it: call recording taps the customer's leg
 * ({@code dev.cti.gateway.media.record}). Set with {@link MediaEngine#tap}; a leg without a tap pays one volatile
 * read per packet. Telephone-events are not given to it.
 *
 * <p>Called on the leg's event loop with the packet's payload bytes {@code [index, index + length)} of
 * {@code buf}; must not block, keep {@code buf} or throw (an exception is logged and the packet goes on).
 */
public interface LegTap {

    /** A packet the leg received from its peer, in {@code law}, just before it goes to the leg's sink. */
    void received(G711 law, ByteBuf buf, int index, int length);

    /** A packet the leg is about to send to its peer, already in the peer's {@code law}. */
    void sent(G711 law, ByteBuf buf, int index, int length);

    /**
     * The engine's periodic tick for the leg, every {@value LoopTicker#TICK_MILLIS} ms on its event loop, packets or
     * not (one timer per loop for every leg on it, so a tap needs no timer of its own).
     */
    default void tick() {}
}
