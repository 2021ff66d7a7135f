package dev.cti.agent.phone;

/**
 * What a softphone needs to know.
 *
 * @param extension       SIP user (AgentConfig.extension)
 * @param sipPassword     digest password (AgentConfig.sipPassword)
 * @param domain          the registrar's domain, used in From/To (NetworkConfig.Sip.domain)
 * @param gatewayHost     where every request goes (NetworkConfig.Sip.host or --gateway)
 * @param gatewayPort     the gateway's UDP port
 * @param bindHost        local address for SIP and RTP
 * @param registerExpires registration lifetime asked for, seconds; 0 turns registration off
 */
public record PhoneSettings(String extension, String sipPassword, String domain, String gatewayHost, int gatewayPort,
                            String bindHost, int registerExpires) {
    @Override
    public String toString() {
        return "PhoneSettings[extension=" + extension + ", sipPassword=***, domain=" + domain + ", gateway="
                + gatewayHost + ":" + gatewayPort + ", bind=" + bindHost + ", expires=" + registerExpires + "]";
    }
}
