package dev.cti.link.testing;

import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkTls;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.List;

/**
 * A fake sip-gateway for server tests: connects to the server's link port, sends the Hello,
 * snapshot and events the test scripts, and records every command it receives.
 *
 * <pre>{@code
 * try (ScriptedGatewayPeer gw = ScriptedGatewayPeer.connect(vertx, "127.0.0.1", port)) {
 *     gw.handshake("gw-1", new Snapshot(List.of(), List.of(), now));
 *     gw.send(new CallOffered("c-1", "sales", "13812345678", "4008001234", "trunk-1", now));
 *     DeliverToAgent d = gw.await(DeliverToAgent.class);
 * }
 * }</pre>
 */
public final class ScriptedGatewayPeer extends ScriptedLinkPeer {

    private final NetClient client;

    private ScriptedGatewayPeer(Vertx vertx, String host, int port, LinkTls tls) {
        super(vertx);
        NetClientOptions o = new NetClientOptions().setConnectTimeout(5000);
        this.client = vertx.createNetClient(tls == null ? o : tls.applyTo(o));
        try {
            attach(block(client.connect(port, host)));
        } catch (RuntimeException e) {
            block(client.close());
            throw e;
        }
    }

    /** Plain TCP: to a test's plain {@code LinkServer}, or as a rogue client of a TLS one. */
    public static ScriptedGatewayPeer connect(Vertx vertx, String host, int port) {
        return new ScriptedGatewayPeer(vertx, host, port, null);
    }

    /**
     * Over TLS with {@code tls}'s certificate (e.g. {@link TestTls#gateway}, or a gateway certificate of the
     * server's data directory), checking the server's against {@code tls}'s CA. With TLS 1.3 a server that
     * refuses the client certificate may do so just after this returns: the connection then closes.
     */
    public static ScriptedGatewayPeer connect(Vertx vertx, String host, int port, LinkTls tls) {
        return new ScriptedGatewayPeer(vertx, host, port, tls);
    }

    /** Sends Hello then the snapshot, as a real gateway does on every connection. */
    public void handshake(String gatewayId, Snapshot snapshot) {
        send(new Hello(gatewayId, snapshot.at()));
        send(snapshot);
    }

    public long send(LinkEvent event) {
        return super.send(event);
    }

    /** Every command received, in order. */
    public List<LinkCommand> commands() {
        return received(LinkCommand.class);
    }

    @Override
    public void close() {
        super.close();
        block(client.close());
    }
}
