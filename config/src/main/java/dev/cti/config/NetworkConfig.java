package dev.cti.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where every component listens. */
public record NetworkConfig(Server server, Sip sip, Rtp rtp, CtiLink ctiLink, GatewayAdmin gatewayAdmin) {

    /**
     * The supervisor server's listeners (REST, WebSocket, wallboard, {@code /metrics}): plain HTTP on a loopback
     * address for this machine, HTTPS for every other.
     *
     * @param host           address of the plain-HTTP listener; the validator accepts loopback addresses only
     * @param httpPort       its port (0: any free port)
     * @param allowedOrigins origins accepted on WebSocket upgrades besides the server's own
     * @param https          the HTTPS listener
     * @param login          password-guessing protection and the PBKDF2 pool
     * @param sessions       bearer sessions and their WebSockets
     * @param customerLookupsPerMinute look-ups of the customer directory one user may make per minute
     * @param requestTimeoutSeconds    a REST request not answered within this is answered 503 {@code timeout}
     */
    public record Server(String host, int httpPort, List<String> allowedOrigins, Https https, Login login,
                         Sessions sessions, int customerLookupsPerMinute, int requestTimeoutSeconds) {
        public static final int DEFAULT_CUSTOMER_LOOKUPS_PER_MINUTE = 30;
        public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

        public Server {
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        /** With the default login, session and look-up limits. */
        public Server(String host, int httpPort, List<String> allowedOrigins, Https https) {
            this(host, httpPort, allowedOrigins, https, Login.DEFAULTS, Sessions.DEFAULTS,
                    DEFAULT_CUSTOMER_LOOKUPS_PER_MINUTE, DEFAULT_REQUEST_TIMEOUT_SECONDS);
        }

        /** Plain HTTP as given, HTTPS on any free loopback port with the generated certificate (tests). */
        public Server(String host, int httpPort, List<String> allowedOrigins) {
            this(host, httpPort, allowedOrigins, Https.loopback(0));
        }

        /** A copy with other login limits (tests). */
        public Server withLogin(Login newLogin) {
            return new Server(host, httpPort, allowedOrigins, https, newLogin, sessions, customerLookupsPerMinute,
                    requestTimeoutSeconds);
        }

        /** A copy with other session limits (tests). */
        public Server withSessions(Sessions newSessions) {
            return new Server(host, httpPort, allowedOrigins, https, login, newSessions, customerLookupsPerMinute,
                    requestTimeoutSeconds);
        }

        /** A copy with another customer look-up limit (tests). */
        public Server withCustomerLookupsPerMinute(int perMinute) {
            return new Server(host, httpPort, allowedOrigins, https, login, sessions, perMinute, requestTimeoutSeconds);
        }

        /** A copy with another REST request timeout (tests). */
        public Server withRequestTimeoutSeconds(int seconds) {
            return new Server(host, httpPort, allowedOrigins, https, login, sessions, customerLookupsPerMinute, seconds);
        }
    }

    /**
     * Password guessing against {@code POST /api/login} (docs/SECURITY.md, "Login").
     *
     * @param maxFailuresPerUser    failed logins of one user name within {@code failureWindowSeconds} that lock it
     * @param maxFailuresPerAddress failed logins from one address within the window that lock the address (higher:
     *                              a whole office may share one address)
     * @param failureWindowSeconds  failures older than this are forgotten
     * @param lockoutSeconds        the first lockout; each further one doubles, up to {@code maxLockoutSeconds}
     * @param maxLockoutSeconds     the longest lockout
     * @param hashThreads           threads of the login pool (PBKDF2), apart from every other pool
     * @param maxWaiting            logins waiting for a thread beyond which new ones get 503
     */
    public record Login(int maxFailuresPerUser, int maxFailuresPerAddress, int failureWindowSeconds,
                        int lockoutSeconds, int maxLockoutSeconds, int hashThreads, int maxWaiting) {
        public static final Login DEFAULTS = new Login(5, 30, 900, 60, 3600, 4, 64);
    }

    /**
     * Bearer sessions (docs/SECURITY.md, "Sessions").
     *
     * @param ttlHours              a token works this long after login
     * @param maxSocketsPerSession  WebSockets one token may hold open at once
     * @param socketBufferKilobytes pushes waiting to be sent to one WebSocket beyond which the client is dropped as
     *                              too slow
     */
    public record Sessions(int ttlHours, int maxSocketsPerSession, int socketBufferKilobytes) {
        public static final Sessions DEFAULTS = new Sessions(12, 8, 256);
    }

    /**
     * The server's HTTPS listener.
     *
     * @param host  address to bind (0.0.0.0 or the machine's address to serve other machines)
     * @param port  its port (0: any free port)
     * @param pem   a configured certificate and key; empty: the embedded PKI's generated one
     * @param names extra DNS names / IP addresses the generated certificate is valid for
     */
    public record Https(String host, int port, Optional<PemPair> pem, List<String> names) {
        public Https {
            names = List.copyOf(names);
        }

        /** On a loopback address with the generated certificate. */
        public static Https loopback(int port) {
            return new Https("127.0.0.1", port, Optional.empty(), List.of());
        }
    }

    /** A PEM certificate (chain, leaf first) and its private key, as configured (absolute paths). */
    public record PemPair(Path certFile, Path keyFile) {}

    /**
     * The gateway's SIP listeners.
     *
     * @param host          address to bind and to put in Via/Contact
     * @param udpPort       UDP port, 0 disables UDP
     * @param tcpPort       TCP port, 0 disables TCP
     * @param domain        the registrar's domain (digest realm)
     * @param maxCalls      concurrent calls before new INVITEs get 503 with Retry-After
     * @param maxRequestsPerSecondPerSource flood limit per source address
     * @param sessionExpiresSeconds RFC 4028 session interval requested and accepted
     * @param registerMinExpiresSeconds shortest registration accepted (423 below it)
     * @param registerMaxExpiresSeconds registrations longer than this are cut to it
     * @param md5OnlyUserAgents User-Agent substrings (any case) of phones that read only the first digest
     *                          challenge and fail on SHA-256 (RFC 8760 says to skip it): they are challenged with
     *                          MD5 alone
     * @param registrar         the registrar's protections: binding cap and lockout
     * @param tls               SIP over TLS for phones and trunks, and SRTP on TLS legs
     * @param ws                SIP over WebSocket (RFC 7118) for browser phones
     */
    public record Sip(
            String host,
            int udpPort,
            int tcpPort,
            String domain,
            int maxCalls,
            int maxRequestsPerSecondPerSource,
            int sessionExpiresSeconds,
            int registerMinExpiresSeconds,
            int registerMaxExpiresSeconds,
            List<String> md5OnlyUserAgents,
            Registrar registrar,
            Tls tls,
            Ws ws) {
        public Sip {
            md5OnlyUserAgents = List.copyOf(md5OnlyUserAgents);
            java.util.Objects.requireNonNull(registrar, "registrar");
            java.util.Objects.requireNonNull(tls, "tls");
            java.util.Objects.requireNonNull(ws, "ws");
        }

        /** Without WebSocket listeners. */
        public Sip(String host, int udpPort, int tcpPort, String domain, int maxCalls, int maxRequestsPerSecondPerSource,
                   int sessionExpiresSeconds, int registerMinExpiresSeconds, int registerMaxExpiresSeconds,
                   List<String> md5OnlyUserAgents, Registrar registrar, Tls tls) {
            this(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource, sessionExpiresSeconds,
                    registerMinExpiresSeconds, registerMaxExpiresSeconds, md5OnlyUserAgents, registrar, tls,
                    Ws.DISABLED);
        }

        /** The same listener with this WebSocket set-up. */
        public Sip withWs(Ws w) {
            return new Sip(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource,
                    sessionExpiresSeconds, registerMinExpiresSeconds, registerMaxExpiresSeconds, md5OnlyUserAgents,
                    registrar, tls, w);
        }

        /** Without TLS (tests and programmatic set-ups; the configuration file's default listens on 5061). */
        public Sip(String host, int udpPort, int tcpPort, String domain, int maxCalls, int maxRequestsPerSecondPerSource,
                   int sessionExpiresSeconds, int registerMinExpiresSeconds, int registerMaxExpiresSeconds,
                   List<String> md5OnlyUserAgents, Registrar registrar) {
            this(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource, sessionExpiresSeconds,
                    registerMinExpiresSeconds, registerMaxExpiresSeconds, md5OnlyUserAgents, registrar, Tls.DISABLED);
        }

        /** The same listener with this TLS set-up. */
        public Sip withTls(Tls t) {
            return new Sip(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource,
                    sessionExpiresSeconds, registerMinExpiresSeconds, registerMaxExpiresSeconds, md5OnlyUserAgents,
                    registrar, t, ws);
        }

        /** The listener with the default registrar protections ({@link Registrar#DEFAULTS}). */
        public Sip(String host, int udpPort, int tcpPort, String domain, int maxCalls,
                   int maxRequestsPerSecondPerSource, int sessionExpiresSeconds, int registerMinExpiresSeconds,
                   int registerMaxExpiresSeconds, List<String> md5OnlyUserAgents) {
            this(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource, sessionExpiresSeconds,
                    registerMinExpiresSeconds, registerMaxExpiresSeconds, md5OnlyUserAgents, Registrar.DEFAULTS);
        }

        /** The same listener with other registrar protections (tests). */
        public Sip withRegistrar(Registrar r) {
            return new Sip(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource,
                    sessionExpiresSeconds, registerMinExpiresSeconds, registerMaxExpiresSeconds, md5OnlyUserAgents, r,
                    tls, ws);
        }

        /** The listener with the default MD5-only list ({@link #DEFAULT_MD5_ONLY_USER_AGENTS}). */
        public Sip(String host, int udpPort, int tcpPort, String domain, int maxCalls,
                   int maxRequestsPerSecondPerSource, int sessionExpiresSeconds, int registerMinExpiresSeconds,
                   int registerMaxExpiresSeconds) {
            this(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource, sessionExpiresSeconds,
                    registerMinExpiresSeconds, registerMaxExpiresSeconds, DEFAULT_MD5_ONLY_USER_AGENTS);
        }

        /**
         * Phones seen here to give up on a SHA-256 challenge: baresip 1.0 (Debian 12), sipp 3.6, and JsSIP (the desk
         * page's phone: it answers only MD5 and reads only the first challenge).
         */
        public static final List<String> DEFAULT_MD5_ONLY_USER_AGENTS = List.of("baresip", "sipp", "JsSIP");
    }

    /**
     * SIP over WebSocket (RFC 7118) for browser phones (JsSIP in the desk page): a WS and a WSS listener next to
     * UDP/TCP/TLS; WSS presents the SIP TLS certificate ({@link Tls}'s PEM files or the site PKI's).
     *
     * @param port    WS (plain) port; 0 disables it
     * @param wssPort WSS port; 0 disables it
     * @param url     the URL browsers are told to connect to (a reverse proxy's); empty: derived from the host and
     *                ports
     */
    public record Ws(int port, int wssPort, String url) {
        /** No WebSocket listener. */
        public static final Ws DISABLED = new Ws(0, 0, "");

        public Ws {
            java.util.Objects.requireNonNull(url, "url");
        }

        public boolean enabled() {
            return port > 0 || wssPort > 0;
        }

        /**
         * The URL a browser phone connects to: {@code url} when set (a reverse proxy's); else, for a page served over
         * HTTPS ({@code secure}), {@code wss://host:wssPort} (a browser refuses plain ws:// from an HTTPS page), for a
         * plain HTTP page {@code ws://host:port}, each falling back to the other listener; empty when none listens.
         */
        public Optional<String> browserUrl(String host, boolean secure) {
            if (!url.isBlank()) {
                return Optional.of(url);
            }
            Optional<String> ws = port > 0 ? Optional.of("ws://" + host + ":" + port) : Optional.empty();
            Optional<String> wss = wssPort > 0 ? Optional.of("wss://" + host + ":" + wssPort) : Optional.empty();
            return secure ? wss.or(() -> ws) : ws.or(() -> wss);
        }
    }

    /**
     * SIP over TLS (RFC 3261 §26.2, RFC 5630): a TLS listener for phones and trunks, and SRTP with SDES keys on every
     * leg whose SIP is TLS (docs/SECURITY.md, "SIP and media").
     *
     * @param port  TLS listening port; 0 disables TLS (and with it SRTP)
     * @param pem   a configured certificate and key; empty: the site PKI's generated one
     * @param names extra DNS names / IP addresses the generated certificate is valid for (besides localhost, the
     *              loopback addresses, {@code sip.host} and {@code sip.domain})
     * @param srtp  on TLS legs, whether plain RTP/AVP offers are refused ({@code REQUIRED}) or answered plain
     *              ({@code OPTIONAL}); our own offers on TLS legs are always RTP/SAVP
     */
    public record Tls(int port, Optional<PemPair> pem, List<String> names, Srtp srtp) {
        /** No TLS listener. */
        public static final Tls DISABLED = new Tls(0, Optional.empty(), List.of(), Srtp.REQUIRED);

        public Tls {
            names = List.copyOf(names);
            java.util.Objects.requireNonNull(srtp, "srtp");
        }

        /** TLS on {@code port} with the generated certificate, SRTP required. */
        public static Tls on(int port) {
            return new Tls(port, Optional.empty(), List.of(), Srtp.REQUIRED);
        }

        public boolean enabled() {
            return port > 0;
        }

        /** SRTP on TLS legs. */
        public enum Srtp { REQUIRED, OPTIONAL }
    }

    /**
     * The registrar's protections against password guessing and contact flooding (issue 13).
     *
     * @param maxBindingsPerExtension contacts one extension may have registered at once; a REGISTER adding one
     *                                more is refused (403)
     * @param lockoutFailures         failed digest authentications of one extension, within
     *                                {@code lockoutWindowSeconds}, that lock it
     * @param lockoutWindowSeconds    the window failures are counted in
     * @param lockoutSeconds          how long a locked extension's REGISTERs are refused, right password or not
     */
    public record Registrar(int maxBindingsPerExtension, int lockoutFailures, int lockoutWindowSeconds,
                            int lockoutSeconds) {
        /** The schema's defaults: 3 contacts, 5 failures in 5 minutes lock for 15 minutes. */
        public static final Registrar DEFAULTS = new Registrar(3, 5, 300, 900);
    }

    /**
     * RTP ports the gateway allocates for call legs (even ports; RTCP on the odd one above).
     *
     * @param inactivitySeconds a leg that receives no RTP for this long is cleared as dead
     * @param transport         the media sockets' I/O: {@code auto} (Netty's native epoll where it loads, else NIO),
     *                          {@code epoll} (refuse to start without it) or {@code nio}
     */
    public record Rtp(String host, int portMin, int portMax, int inactivitySeconds, String transport) {
        /** {@code transport}'s default: the native epoll transport where it loads, else NIO. */
        public static final String DEFAULT_TRANSPORT = "auto";

        /** With the default transport. */
        public Rtp(String host, int portMin, int portMax, int inactivitySeconds) {
            this(host, portMin, portMax, inactivitySeconds, DEFAULT_TRANSPORT);
        }
    }

    /**
     * The CTI link: the server listens, the gateway connects, over TLS with client certificates
     * (docs/SECURITY.md).
     *
     * @param caFile  the link's CA: the server accepts only gateway certificates it issued, the gateway only a
     *                server certificate it issued; empty: the embedded PKI in {@code storage.dataDir/pki}
     * @param server  the server's certificate and key (read by the server only)
     * @param gateway the gateway's certificate and key (read by the gateway only)
     * @param replayBufferEvents events the gateway keeps until the server acknowledges them (docs/CTI-LINK.md,
     *                "Link outages")
     * @param alternates other server nodes' link addresses ({@code HOST:PORT}) the gateway tries in turn after the
     *                first when a connection fails (storage.failover, docs/CLUSTER.md)
     */
    public record CtiLink(String host, int port, Optional<Path> caFile, Optional<PemPair> server,
                          Optional<PemPair> gateway, int replayBufferEvents, List<String> alternates) {

        /** Default of {@code network.ctiLink.replayBufferEvents}. */
        public static final int DEFAULT_REPLAY_BUFFER_EVENTS = 20_000;

        public CtiLink {
            alternates = List.copyOf(alternates);
        }

        /** Without alternate server nodes. */
        public CtiLink(String host, int port, Optional<Path> caFile, Optional<PemPair> server,
                       Optional<PemPair> gateway, int replayBufferEvents) {
            this(host, port, caFile, server, gateway, replayBufferEvents, List.of());
        }

        /** With the default replay buffer. */
        public CtiLink(String host, int port, Optional<Path> caFile, Optional<PemPair> server,
                       Optional<PemPair> gateway) {
            this(host, port, caFile, server, gateway, DEFAULT_REPLAY_BUFFER_EVENTS);
        }

        /** On the embedded PKI (no PEM files configured). */
        public CtiLink(String host, int port) {
            this(host, port, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** True when no PEM file is configured: both sides use the PKI generated in the data directory. */
        public boolean embeddedPki() {
            return caFile.isEmpty();
        }
    }

    /**
     * The gateway's own HTTP listener for health and {@code /metrics}, and how the gateway stops.
     *
     * @param drainTimeoutSeconds on SIGTERM the gateway refuses new calls (503 with Retry-After) and waits this long
     *                            for its calls to end before it hangs up the rest (docs/GATEWAY.md, "Stopping and
     *                            restarting"); 0 hangs up at once
     */
    public record GatewayAdmin(String host, int httpPort, int drainTimeoutSeconds) {

        /** Default of {@code network.gatewayAdmin.drainTimeoutSeconds}. */
        public static final int DEFAULT_DRAIN_TIMEOUT_SECONDS = 300;

        /** With the default drain timeout. */
        public GatewayAdmin(String host, int httpPort) {
            this(host, httpPort, DEFAULT_DRAIN_TIMEOUT_SECONDS);
        }
    }
}
