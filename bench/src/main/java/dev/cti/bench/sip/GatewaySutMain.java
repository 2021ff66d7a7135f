package dev.cti.bench.sip;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.gateway.Gateway;
import dev.cti.gateway.sip.SipEndpoint;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The SIP gateway as T1's system under test: what GatewayMain starts, plus sipp listed as an MD5-only
 * User-Agent (sipp 3.6 reads only the first digest challenge and cannot answer SHA-256; GatewayMain has no
 * configuration key for that list). {@code GatewaySutMain --config DIR}.
 */
public final class GatewaySutMain {

    private GatewaySutMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: GatewaySutMain --config DIR");
            System.exit(2);
        }
        CtiConfig config = ConfigLoader.load(Path.of(args[1]));
        Gateway gateway = Gateway.start(config, Clock.systemUTC(), "bench-gateway",
                SipEndpoint.Options.defaults().withMd5OnlyUserAgents(List.of("sipp")));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
        System.out.println("bench gateway running, admin port " + gateway.adminPort());
    }
}
