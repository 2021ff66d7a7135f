package dev.cti.link.testing;

import dev.cti.link.net.LinkTls;
import dev.cti.pki.Credential;
import dev.cti.pki.LeafSpec;
import dev.cti.pki.PrivateCa;
import dev.cti.pki.TrustAnchors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS material for link tests, made once per JVM (EC keys: a few milliseconds each): the link's CA with a
 * link-server certificate for 127.0.0.1 and gateway certificates by id, and a rogue CA with the same kinds of
 * certificates, plus a certificate of the right CA for the wrong role. Nothing is written to disk unless a test
 * asks for files ({@link #writeLinkFiles}).
 *
 * <pre>{@code
 * LinkServer server = new LinkServer(vertx, options, TestTls.get().server());
 * ScriptedGatewayPeer gw = ScriptedGatewayPeer.connect(vertx, "127.0.0.1", port, TestTls.get().gateway("gw-1"));
 * ScriptedGatewayPeer rogue = ScriptedGatewayPeer.connect(vertx, "127.0.0.1", port, TestTls.get().rogueGateway("gw-1"));
 * }</pre>
 */
public final class TestTls {
    private static final class Holder {
        static final TestTls INSTANCE = new TestTls();
    }

    private final SecureRandom random = new SecureRandom();
    private final Instant now = Instant.now();
    private final PrivateCa ca = PrivateCa.create("CTI test link CA", now, random);
    private final PrivateCa rogueCa = PrivateCa.create("CTI test link CA", now, random); // same name, other key
    private final TrustAnchors trust = new TrustAnchors(List.of(ca.certificate()));
    private final TrustAnchors rogueTrust = new TrustAnchors(List.of(rogueCa.certificate()));
    private final Credential server = ca.issue(LeafSpec.linkServer(List.of()), now);
    private final Credential rogueServer = rogueCa.issue(LeafSpec.linkServer(List.of()), now);
    private final Credential wrongRole = ca.issue(LeafSpec.serverClient(), now);
    private final Credential https = ca.issue(LeafSpec.httpsServer(List.of()), now);
    private final Map<String, Credential> gateways = new ConcurrentHashMap<>();
    private final Map<String, Credential> rogueGateways = new ConcurrentHashMap<>();
    private Path filesDir;

    private TestTls() {}

    /** The JVM's material. */
    public static TestTls get() {
        return Holder.INSTANCE;
    }

    /** The link's CA. */
    public TrustAnchors trust() {
        return trust;
    }

    /** The server's end: a link-server certificate for 127.0.0.1 / localhost of the link's CA. */
    public LinkTls server() {
        return LinkTls.of(server, trust);
    }

    /** Gateway {@code id}'s end: its certificate of the link's CA. */
    public LinkTls gateway(String id) {
        return LinkTls.of(gatewayCredential(id), trust);
    }

    public Credential gatewayCredential(String id) {
        return gateways.computeIfAbsent(id, i -> ca.issue(LeafSpec.gateway(i), now));
    }

    /** A gateway certificate for {@code id} from another CA (which trusts the real server, to get that far). */
    public LinkTls rogueGateway(String id) {
        return LinkTls.of(rogueGateways.computeIfAbsent(id, i -> rogueCa.issue(LeafSpec.gateway(i), now)), trust);
    }

    /**
     * A client certificate of the right CA that is not a gateway's: the server's own client certificate
     * ({@code urn:cti:server}, for fetching recordings from gateways).
     */
    public LinkTls wrongRole() {
        return LinkTls.of(wrongRole, trust);
    }

    /** An HTTPS server certificate of the link's CA (127.0.0.1, localhost). */
    public Credential httpsCredential() {
        return https;
    }

    /** A link-server certificate of another CA (for a gateway that must refuse it). */
    public LinkTls rogueServer() {
        return LinkTls.of(rogueServer, rogueTrust);
    }

    /**
     * The link's files for a configuration's {@code network.ctiLink} ({@code caFile}, the gateway's and the
     * server's certificate and key), written once per JVM and gateway id into a temporary directory removed at
     * exit: {@code ca.pem}, {@code link-server.pem}/{@code .key}, {@code gateway-ID.pem}/{@code .key}.
     */
    public synchronized Path linkFiles(String gatewayId) {
        if (filesDir == null) {
            try {
                filesDir = Files.createTempDirectory("cti-test-tls");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            filesDir.toFile().deleteOnExit();
        }
        if (!Files.exists(filesDir.resolve("gateway-" + gatewayId + ".key"))) {
            writeLinkFiles(filesDir, gatewayId);
            try (var s = Files.list(filesDir)) {
                s.forEach(f -> f.toFile().deleteOnExit());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return filesDir;
    }

    /** Writes the files of {@link #linkFiles} into {@code dir}. */
    public Path writeLinkFiles(Path dir, String gatewayId) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("ca.pem"), trust.pem());
            Files.writeString(dir.resolve("link-server.pem"), server.chainPem());
            Files.writeString(dir.resolve("link-server.key"), server.keyPem());
            Credential gw = gatewayCredential(gatewayId);
            Files.writeString(dir.resolve("gateway-" + gatewayId + ".pem"), gw.chainPem());
            Files.writeString(dir.resolve("gateway-" + gatewayId + ".key"), gw.keyPem());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
