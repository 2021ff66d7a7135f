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
            int registerMaxExpiresSeconds) {}

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
