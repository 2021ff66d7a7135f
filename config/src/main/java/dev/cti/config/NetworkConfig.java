package dev.cti.config;

import java.util.List;

/** Where every component listens. */
public record NetworkConfig(Server server, Sip sip, Rtp rtp, CtiLink ctiLink, GatewayAdmin gatewayAdmin) {

    /**
     * The supervisor server's HTTP listener (REST, WebSocket, wallboard, {@code /metrics}).
     *
     * @param allowedOrigins origins accepted on WebSocket upgrades besides the server's own
     */
    public record Server(String host, int httpPort, List<String> allowedOrigins) {
        public Server {
            allowedOrigins = List.copyOf(allowedOrigins);
        }
    }

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
            List<String> md5OnlyUserAgents) {
        public Sip {
            md5OnlyUserAgents = List.copyOf(md5OnlyUserAgents);
        }

        /** The listener with the default MD5-only list ({@link #DEFAULT_MD5_ONLY_USER_AGENTS}). */
        public Sip(String host, int udpPort, int tcpPort, String domain, int maxCalls,
                   int maxRequestsPerSecondPerSource, int sessionExpiresSeconds, int registerMinExpiresSeconds,
                   int registerMaxExpiresSeconds) {
            this(host, udpPort, tcpPort, domain, maxCalls, maxRequestsPerSecondPerSource, sessionExpiresSeconds,
                    registerMinExpiresSeconds, registerMaxExpiresSeconds, DEFAULT_MD5_ONLY_USER_AGENTS);
        }

        /** Phones seen here to give up on a SHA-256 challenge: baresip 1.0 (Debian 12) and sipp 3.6. */
        public static final List<String> DEFAULT_MD5_ONLY_USER_AGENTS = List.of("baresip", "sipp");
    }

    /**
     * RTP ports the gateway allocates for call legs (even ports; RTCP on the odd one above).
     *
     * @param inactivitySeconds a leg that receives no RTP for this long is cleared as dead
     */
    public record Rtp(String host, int portMin, int portMax, int inactivitySeconds) {}

    /** The CTI link: the server listens, the gateway connects. */
    public record CtiLink(String host, int port) {}

    /** The gateway's own HTTP listener for health and {@code /metrics}. */
    public record GatewayAdmin(String host, int httpPort) {}
}
