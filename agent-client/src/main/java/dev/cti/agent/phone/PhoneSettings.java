package dev.cti.agent.phone;

/**
 * What a softphone needs to know.
 *
 * @param extension               SIP user (AgentConfig.extension)
 * @param sipPassword             digest password (AgentConfig.sipPassword)
 * @param domain                  the registrar's domain, used in From/To (NetworkConfig.Sip.domain)
 * @param gatewayHost             where every request goes (NetworkConfig.Sip.host or --gateway)
 * @param gatewayPort             the gateway's UDP port
 * @param bindHost                local address for SIP and RTP
 * @param registerExpires         registration lifetime asked for, seconds; 0 turns registration off
 * @param autoAnswerFromRegistrar answer at once an INVITE from our own registrar that carries
 *                                {@code Call-Info: <...>;answer-after=0} (the gateway's supervisor monitor call)
 */
public record PhoneSettings(String extension, String sipPassword, String domain, String gatewayHost, int gatewayPort,
                            String bindHost, int registerExpires, boolean autoAnswerFromRegistrar) {

    /** The usual settings: auto-answer of the registrar's answer-after=0 calls is on. */
    public PhoneSettings(String extension, String sipPassword, String domain, String gatewayHost, int gatewayPort,
                         String bindHost, int registerExpires) {
        this(extension, sipPassword, domain, gatewayHost, gatewayPort, bindHost, registerExpires, true);
    }

    public PhoneSettings withAutoAnswerFromRegistrar(boolean on) {
        return new PhoneSettings(extension, sipPassword, domain, gatewayHost, gatewayPort, bindHost, registerExpires,
                on);
    }

    @Override
    public String toString() {
        return "PhoneSettings[extension=" + extension + ", sipPassword=***, domain=" + domain + ", gateway="
                + gatewayHost + ":" + gatewayPort + ", bind=" + bindHost + ", expires=" + registerExpires
                + ", autoAnswerFromRegistrar=" + autoAnswerFromRegistrar + "]";
    }
}
