package dev.cti.gateway.sip;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NIOHandler;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsWebSocketMessageProcessor;
import gov.nist.javax.sip.stack.NioWebSocketMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * jain-sip's NIO message processors, with one fix for TLS connections the gateway opens (to a TLS trunk).
 *
 * <p>jain-sip 1.3.0-91's {@code NIOHandler.openOutgoingConnection} puts a connection it has just opened into its
 * socket table and, on the path a new outgoing message channel takes ({@code createOrReuseSocket}), removes it again
 * at once. The first send then finds no connection, opens a second one and replays the bytes it was given on it:
 * harmless over TCP, fatal over TLS, where those bytes are the first connection's ClientHello, re-sent as
 * application data after the second handshake (the peer sees garbage instead of our INVITE; seen with baresip as a
 * TLS trunk). {@link KeepingNioHandler} puts the connection back after {@code createOrReuseSocket}, so the channel
 * and its first send use the one connection. WS and WSS (RFC 7118) get jain-sip's WebSocket processors, which its
 * own NIO factory never creates. Named by class in the stack's properties (jain-sip instantiates it);
 * stateless.
 */
public final class SipMessageProcessorFactory implements MessageProcessorFactory {
    private final NioMessageProcessorFactory nio = new NioMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if ("TLS".equalsIgnoreCase(transport)) {
            return new TlsProcessor(address, stack, port);
        }
        // SIP over WebSocket (RFC 7118): jain-sip ships the processors but its NIO factory does not create them
        if ("WS".equalsIgnoreCase(transport)) {
            return new NioWebSocketMessageProcessor(address, stack, port);
        }
        if ("WSS".equalsIgnoreCase(transport)) {
            return new NioTlsWebSocketMessageProcessor(address, stack, port);
        }
        return nio.createMessageProcessor(stack, address, port, transport);
    }

    /** jain-sip's NIO TLS processor with {@link KeepingNioHandler}. */
    static final class TlsProcessor extends NioTlsMessageProcessor {
        TlsProcessor(InetAddress address, SIPTransactionStack stack, int port) {
            super(address, stack, port);
            this.nioHandler = new KeepingNioHandler(stack, this);
        }
    }

    /** Keeps a connection it opened for a new outgoing channel in its table (see the class comment). */
    static final class KeepingNioHandler extends NIOHandler {
        KeepingNioHandler(SIPTransactionStack stack, NioTcpMessageProcessor processor) {
            super(stack, processor);
        }

        @Override
        public SocketChannel createOrReuseSocket(InetAddress address, int port) throws IOException {
            SocketChannel channel = super.createOrReuseSocket(address, port);
            if (channel != null && channel.isConnected() && channel.isOpen()) {
                putSocket(makeKey(address, port), channel);
            }
            return channel;
        }
    }
}
