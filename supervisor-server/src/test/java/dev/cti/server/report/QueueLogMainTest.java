package dev.cti.server.report;

import static dev.cti.server.report.MonthOfRecords.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cti queue-log}: the same lines as the API's export, read from the database of a configuration. */
class QueueLogMainTest {
    @TempDir
    Path dir;

    @Test
    void writes_the_days_queue_log_from_the_configured_database() throws Exception {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Path repo = Path.of(System.getProperty("cti.repo.root", "..")).toAbsolutePath();
        Files.createSymbolicLink(dir.resolve("prompts"), repo.resolve("prompts")); // the queues' audio, as shipped
        try (var files = Files.list(repo.resolve("conf"))) {
            for (Path f : files.toList()) {
                String text = Files.readString(f).replace("dataDir: data ", "dataDir: " + dir.resolve("data") + " ");
                Files.writeString(conf.resolve(f.getFileName()), text);
            }
        }
        CtiConfig config = ConfigLoader.load(conf);
        LocalDate day = LocalDate.of(2026, 6, 1);
        Vertx vertx = Vertx.vertx();
        List<String> expected;
        HandClock clock = new HandClock(MonthOfRecords.at(day.plusDays(2), 0, 0));
        Store store = Store.open(config.storage(), vertx, new SimpleMeterRegistry(), clock);
        try {
            new MonthOfRecords(store, 3).month(day, day);
            try (Reports reports = new Reports(vertx, config, store, new SimpleMeterRegistry(), clock)) {
                expected = get(reports.queueLog(new ReportQuery(day, day, Period.DAY, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty())));
            }
        } finally {
            store.close();
            get(vertx.close());
        }
        assertThat(expected).isNotEmpty();
        Path out = dir.resolve("queue_log");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = QueueLogMain.run(new String[] {"--config", conf.toString(), "--from", day.toString(), "--to",
                day.toString(), "--out", out.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllLines(out)).isEqualTo(expected);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected.size() + " lines");

        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertThat(QueueLogMain.run(new String[] {"--config", conf.toString(), "--from", "2026-02-30"}, System.out,
                new PrintStream(bad, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(bad.toString(StandardCharsets.UTF_8)).contains("usage: bin/cti queue-log");
    }
}
