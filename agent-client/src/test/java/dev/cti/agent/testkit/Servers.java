package dev.cti.agent.testkit;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.server.ServerMain;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts the real supervisor server on the repository's conf/ with free ports and a private database. */
public final class Servers {
    private Servers() {}

    public static CtiConfig config(Path dataDir, int httpPort) throws Exception {
        Path root = Path.of(System.getProperty("cti.repo.root", ".."));
        CtiConfig c = ConfigLoader.load(root.resolve("conf"));
        NetworkConfig n = c.network();
        NetworkConfig free = new NetworkConfig(new NetworkConfig.Server("127.0.0.1", httpPort, n.server().allowedOrigins()),
                n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin());
        return c.withNetwork(free).withStorage(new StorageConfig(dataDir.toString(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    public static ServerMain.Running start(CtiConfig config) throws Exception {
        return ServerMain.start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
