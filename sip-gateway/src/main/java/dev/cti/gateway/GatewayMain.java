package dev.cti.gateway;

import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.pki.SitePki;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Starts the gateway: {@code GatewayMain --config DIR}. Loads and validates the configuration, starts the SIP
 * endpoint (UDP+TCP), media engine, CTI link client and admin HTTP, prints where each listens, and on SIGTERM /
 * Ctrl-C drains (new calls get 503 with Retry-After, calls in progress go on until they end or
 * {@code network.gatewayAdmin.drainTimeoutSeconds} pass), then hangs up what is left and stops everything.
 */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) {
        Path dir = Path.of("conf");
        String gatewayId = SitePki.DEFAULT_GATEWAY_ID;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> dir = Path.of(value(args, ++i, "--config"));
                case "--id" -> gatewayId = value(args, ++i, "--id");
                case "-h", "--help" -> {
                    System.out.println("usage: GatewayMain [--config DIR] [--id GATEWAY_ID]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i] + " (usage: GatewayMain [--config DIR])");
                    System.exit(2);
                }
            }
        }
        CtiConfig config;
        try {
            config = ConfigLoader.load(dir);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config, Clock.systemUTC(), gatewayId);
        } catch (Exception e) {
            System.err.println("sip-gateway: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM / Ctrl-C: drain (new calls 503, calls in progress go on up to drainTimeoutSeconds), then stop
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "gateway-shutdown"));
        var net = config.network();
        System.out.println("sip-gateway " + gatewayId + " running:");
        System.out.println("  SIP        udp " + net.sip().host() + ":" + gateway.sipPort("udp").orElse(0)
                + "  tcp " + net.sip().host() + ":" + gateway.sipPort("tcp").orElse(0)
                + gateway.sipPort("tls").map(p -> "  tls " + net.sip().host() + ":" + p + " (SRTP on TLS legs)")
                        .orElse("  tls off") + "  domain " + net.sip().domain());
        if (net.sip().ws().enabled()) {
            System.out.println("  SIP/WS     " + gateway.sipPort("ws").map(p -> "ws " + net.sip().host() + ":" + p)
                    .orElse("ws off") + gateway.sipPort("wss").map(p -> "  wss " + net.sip().host() + ":" + p)
                    .orElse("  wss off") + "  browser pages over HTTPS use "
                    + net.sip().ws().browserUrl(net.sip().host(), true).orElse("-"));
        }
        System.out.println("  RTP        " + net.rtp().host() + " ports " + net.rtp().portMin() + ".."
                + net.rtp().portMax());
        System.out.println("  CTI link   -> " + net.ctiLink().host() + ":" + net.ctiLink().port() + " over TLS as "
                + gatewayId + (net.ctiLink().embeddedPki() ? " (certificates in " + config.storage().dataDir() + "/pki)"
                : " (certificates configured)"));
        System.out.println("  admin HTTP http://" + net.gatewayAdmin().host() + ":" + gateway.adminPort()
                + "/health  /metrics");
        System.out.flush();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
