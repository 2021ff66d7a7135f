package dev.cti.gateway.b2bua;

import dev.cti.config.CtiConfig;
import dev.cti.gateway.Gateway;
import dev.cti.gateway.sip.SipEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A gateway in its own JVM, for the crash test ({@code RecordingBaresipTest}): started with the harness's
 * configuration on the given ports and data directory, it prints READY and runs until it is killed (kill -9).
 *
 * <p>Arguments: sipPort linkPort dataDir linkFilesDir (the parent's {@code TestTls} files: one CA for both JVMs).
 */
public final class RecordingCrashChild {
    private RecordingCrashChild() {}

    public static void main(String[] args) throws Exception {
        int sipPort = Integer.parseInt(args[0]);
        int linkPort = Integer.parseInt(args[1]);
        Path dataDir = Path.of(args[2]);
        Path linkFiles = Path.of(args[3]);
        CtiConfig config = GatewayHarness.config(sipPort, dev.cti.gateway.sip.testing.FreePorts.udpAndTcp(),
                GatewayHarness.linkAt(linkPort, linkFiles, "gw-child"), dataDir, 60, 20, 1800, "127.0.0.1",
                Optional.empty());
        Gateway.start(config, Clock.systemUTC(), "gw-child",
                SipEndpoint.Options.defaults().withMd5OnlyUserAgents(List.of("sipp", "baresip")));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
