package dev.cti.it.chaos;

import dev.cti.server.testing.PostgresCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Entry of a chaos run from a test, configured by system properties (what {@code bin/cti chaos} passes):
 * {@code cti.chaos.minutes} (how long the load runs; default: one round of faults, the short form),
 * {@code cti.chaos.faults} (the faults of a round, in order, e.g. {@code link-cut,server-kill,postgres-kill,gateway-drain};
 * default: the caller's),
 * {@code cti.chaos.faultEverySeconds} (default 12), {@code cti.chaos.lines} (customer lines, default 6) and
 * {@code cti.chaos.out} (a directory for the report: chaos-TIMESTAMP.json and .md). Prints the report as JSON and
 * the summary table.
 */
public final class Chaos {
    private Chaos() {}

    public static JsonObject runFromProperties(Path dir, String shortFormFaults) throws Exception {
        Optional<Path> pgBin = PostgresCluster.findBinDir();
        if (pgBin.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + PostgresCluster.INSTALL_HINT);
            }
            Assumptions.abort(PostgresCluster.INSTALL_HINT);
        }
        String minutes = System.getProperty("cti.chaos.minutes", "");
        List<ChaosRun.Fault> faults = new ArrayList<>();
        for (String f : System.getProperty("cti.chaos.faults", shortFormFaults).split(",")) {
            faults.add(ChaosRun.Fault.valueOf(f.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        ChaosRun.Options options = minutes.isBlank()
                ? new ChaosRun.Options(Duration.ofMinutes(10), 1,
                        Duration.ofSeconds(Long.getLong("cti.chaos.faultEverySeconds", 12)),
                        Integer.getInteger("cti.chaos.lines", 6), faults)
                : new ChaosRun.Options(Duration.ofMinutes(Long.parseLong(minutes.trim())), Integer.MAX_VALUE,
                        Duration.ofSeconds(Long.getLong("cti.chaos.faultEverySeconds", 30)),
                        Integer.getInteger("cti.chaos.lines", 6), faults);
        JsonObject report = new ChaosRun(dir, options).run(pgBin.get());
        report.put("options", new JsonObject().put("minutes", minutes.isBlank() ? "one round" : minutes)
                .put("faultEverySeconds", options.faultEvery().toSeconds()).put("lines", options.lines())
                .put("faults", faults.toString()));
        String table = ChaosAccounts.table(report);
        System.out.println("chaos report:\n" + report.encodePrettily() + "\n\n" + table);
        String out = System.getProperty("cti.chaos.out", "");
        if (!out.isBlank()) {
            Path o = Path.of(out);
            Files.createDirectories(o);
            String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
            Files.writeString(o.resolve("chaos-" + stamp + ".json"), report.encodePrettily() + "\n");
            Files.writeString(o.resolve("chaos-" + stamp + ".md"), table);
        }
        return report;
    }
}
