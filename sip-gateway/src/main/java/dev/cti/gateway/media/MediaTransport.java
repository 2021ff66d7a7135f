package dev.cti.gateway.media;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.util.function.Supplier;

/**
 * The I/O under the media sockets ({@code network.rtp.transport}): Netty's native epoll transport (one {@code
 * epoll_wait} per loop, datagrams read and written without the JDK's selector and its garbage) or Java NIO. {@code
 * auto} takes epoll where its native library loads (Linux; netty-all ships it) and NIO elsewhere; {@code epoll}
 * refuses to start without it, saying why. The media path above the socket is the same for both.
 *
 * @param name     {@code epoll} or {@code nio}, as logged at start
 * @param handlers the event loops' I/O handler
 * @param channel  the datagram channel's class for the legs' RTP and RTCP sockets
 */
record MediaTransport(String name, Supplier<IoHandlerFactory> handlers, Class<? extends DatagramChannel> channel) {

    static MediaTransport of(String configured) {
        return switch (configured) {
            case "nio" -> nio();
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("network.rtp.transport is epoll but Netty's native epoll transport "
                            + "does not load here (" + Epoll.unavailabilityCause() + "); use auto or nio");
                }
                yield epoll();
            }
            case "auto" -> Epoll.isAvailable() ? epoll() : nio();
            default -> throw new IllegalArgumentException("network.rtp.transport must be auto, epoll or nio, not "
                    + configured);
        };
    }

    private static MediaTransport epoll() {
        return new MediaTransport("epoll", EpollIoHandler::newFactory, EpollDatagramChannel.class);
    }

    private static MediaTransport nio() {
        return new MediaTransport("nio", NioIoHandler::newFactory, NioDatagramChannel.class);
    }
}
