package dev.cti.gateway.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.ArrayList;
import java.util.Properties;
import javax.sip.PeerUnavailableException;

/**
 * Builds the jain-sip-ri stack with properties tuned for a B2BUA, in one place, with the reason for each.
 *
 * <p>The stack is constructed directly ({@code new SipStackImpl}) rather than through {@code SipFactory}: the
 * factory is a process-wide singleton that caches stacks by name, which would make two endpoints in one JVM (tests,
 * a future multi-tenant gateway) share state. The parser factory and the ingress valve are handed to the stack as
 * instances after construction for the same reason: jain-sip's properties only accept class names, which would
 * force static state to reach our metrics.
 */
public final class SipStackFactory {

    /** Tunables that differ between a production gateway and a test; everything else is fixed below. */
    public record Tuning(int threadPoolSize, int tcpPostParsingThreads, int maxMessageSizeBytes, int maxConnections,
                         int maxServerTransactions, int readTimeoutMillis) {
        /** Defaults for a 2-8 core gateway host. */
        public static Tuning defaults() {
            return new Tuning(16, 8, 64 * 1024, 4096, 20_000, 10_000);
        }
    }

    private SipStackFactory() {}

    /** The stack properties with the reason for each. Public so the documentation test can print them. */
    public static Properties properties(String stackName, String host, Tuning tuning) {
        Properties p = new Properties();
        // Identifies the stack in jain-sip's own thread names and logs.
        p.setProperty("javax.sip.STACK_NAME", stackName);
        // The address put in Via/Contact by the stack when the application does not say otherwise.
        p.setProperty("javax.sip.IP_ADDRESS", host);
        // A B2BUA creates and owns both dialogs itself (it must correlate them); automatic dialogs would create
        // a dialog for every stray INVITE/SUBSCRIBE and answer some requests on their own.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // Tells the stack it is a B2BUA: it then keeps dialog state consistent across the two legs (e.g. does not
        // reject a re-INVITE forwarded while another is pending on the other leg).
        p.setProperty("gov.nist.javax.sip.IS_BACK_TO_BACK_USER_AGENT", "true");
        // NIO for TCP and TLS (jain-sip's NioMessageProcessorFactory; for TLS with the fix SipMessageProcessorFactory
        // explains): a few selector threads instead of one blocking thread per connection, and incoming
        // connections are keyed by their real remote address, so responses go back on the connection the request
        // came in on (RFC 3261 18.2.2) instead of a new connection to the Via's sent-by.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", SipMessageProcessorFactory.class.getName());
        // A fixed pool processes incoming messages. Without it the UDP processor spawns one thread per datagram
        // (a flood becomes a thread bomb) and TCP one thread per connection.
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(tuning.threadPoolSize()));
        // Let several pool threads call the SipListener concurrently. Without it every event of every call is
        // serialised through one lock; our handlers are thread-safe (per-call state lives in per-call objects).
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // TCP: parsing happens on the NIO thread, the listener runs on this pool so one slow handler does not
        // stall reading every other connection. Messages of one Call-ID stay ordered.
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE",
                Integer.toString(tuning.tcpPostParsingThreads()));
        // Softphones connect to us and we answer on the same TCP connection (RFC 3261 18.2.2); keep the server
        // side connections open for later in-dialog requests towards the phone. Client connections (towards the
        // trunk) are reused instead of one connection per transaction.
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // Bound the memory a single message may take (a TCP peer can otherwise stream an endless body).
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(tuning.maxMessageSizeBytes()));
        // Bound open TCP connections so a connection flood cannot exhaust file descriptors.
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", Integer.toString(tuning.maxConnections()));
        // Above this many server transactions the stack stops accepting new requests instead of running out of
        // memory; our admission control (503) triggers long before.
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(tuning.maxServerTransactions()));
        // A TCP peer that opens a connection and dribbles bytes is cut after this long (slowloris).
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", Integer.toString(tuning.readTimeoutMillis()));
        // Idle TCP connections are closed after 5 minutes (phones re-register well within it).
        p.setProperty("gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME", "300000");
        // jain-sip would resolve every Via sent-by host by DNS to decide whether to add received/rport: a pool
        // thread blocked per request on an attacker-chosen name (seconds each without a resolver). The
        // IngressValve stamps received and rport from the packet itself instead (RFC 3581 symmetric responses).
        p.setProperty("gov.nist.javax.sip.NEVER_ADD_RECEIVED_RPORT", "true");
        // Responses that match no client transaction are dropped by the stack instead of reaching the listener:
        // the torture suite and scanners send those, and a B2BUA has nothing to do with them.
        p.setProperty("gov.nist.javax.sip.REJECT_STRAY_RESPONSES", "true");
        // Free message and transaction objects as soon as they terminate: fewer retained bytes per call.
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        // Old RFC 2543 peers (no magic cookie in the branch) are still matched (RFC 4475 3.2, 3.4).
        p.setProperty("gov.nist.javax.sip.RFC_2543_SUPPORT_ENABLED", "true");
        // We compute Content-Length from the body we put in; a mismatch is a bug we want to see, not to hide.
        p.setProperty("gov.nist.javax.sip.COMPUTE_CONTENT_LENGTH_FROM_MESSAGE_BODY", "false");
        // All stack logging goes to SLF4J through our StackLogger (levels then come from the Log4j 2
        // configuration). jain-sip's own LogWriter would otherwise write files in the working directory.
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        // Message tracing off: the SLF4J level decides; 0 keeps the legacy writer silent even if consulted.
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // Every request goes through our router (FlowRouter): requests to phones registered over TCP/TLS reuse the
        // phone's connection. Without this jain-sip consults a custom router only for non-sip: URIs.
        p.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
        // TLS (when a TLS listening point exists): phones present no certificate, so the listener does not ask for
        // one. Never DisabledAll, which would make jain-sip trust every certificate a trunk presents.
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        // Key material is handed over as an instance (SipTls), never read from javax.net.ssl.* properties.
        p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", SipTls.Unconfigured.class.getName());
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", TLS_PROTOCOLS));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", TLS_CIPHER_SUITES));
        // A peer that connects and never finishes its handshake is cut (a slowloris on 5061).
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
        // Renegotiation is an old attack surface and nothing in SIP needs it.
        p.setProperty("gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED", "false");
        return p;
    }

    /** TLS versions offered and accepted on SIP: 1.3 and 1.2 only. */
    public static final java.util.List<String> TLS_PROTOCOLS = java.util.List.of("TLSv1.3", "TLSv1.2");

    /**
     * AEAD suites with forward secrecy only, for ECDSA (our generated certificates) and RSA (a corporate CA's):
     * jain-sip's own default list is older and lacks the ECDSA suites.
     */
    public static final java.util.List<String> TLS_CIPHER_SUITES = java.util.List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * Creates (but does not start listening points of) a stack.
     *
     * @param parserFactory parses every incoming message (we wrap jain-sip's to count what it cannot parse)
     * @param valve         runs on every request/response before transaction matching (flood and scanner drop)
     */
    public static SipStackImpl create(Properties properties, MessageParserFactory parserFactory, SIPMessageValve valve)
            throws PeerUnavailableException {
        return create(properties, parserFactory, valve, null, (t, h, p) -> java.util.Optional.empty());
    }

    /**
     * Creates a stack with our TLS material (null: no TLS listening point may be created) and our router, both as
     * instances: jain-sip's properties would only take class names. They are set in the constructed stack's
     * initializer, before any listening point exists.
     *
     * @param flows where requests to phones registered over TCP/TLS go (their registration's connection)
     */
    static SipStackImpl create(Properties properties, MessageParserFactory parserFactory, SIPMessageValve valve,
                               SipTls tls, FlowRouter.Flows flows) throws PeerUnavailableException {
        SipStackImpl stack = new SipStackImpl(properties) {
            {
                if (tls != null) {
                    securityManagerProvider = tls;
                }
                setRouter(new FlowRouter(new gov.nist.javax.sip.stack.DefaultRouter(this, null), flows));
            }
        };
        stack.setMessageParserFactory(parserFactory);
        if (stack.sipMessageValves == null) {
            stack.sipMessageValves = new ArrayList<>();
        }
        stack.sipMessageValves.add(valve);
        return stack;
    }
}
