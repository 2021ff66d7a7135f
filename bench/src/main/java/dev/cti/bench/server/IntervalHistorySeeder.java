package dev.cti.bench.server;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.server.store.Database;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

/**
 * Fills a server's database with {@code days} of 15-minute interval rows before it starts (issue 15: T6 with a year of
 * history): every queue every interval of every day, and {@code agents} agents for the 32 intervals of an 8-hour shift
 * each day, then marks the interval job as up to date. The schema is made by opening the store (its migrations).
 */
public final class IntervalHistorySeeder {
    private IntervalHistorySeeder() {}

    public static JsonObject seed(Path conf, int days, int agents) throws Exception {
        long began = System.nanoTime();
        CtiConfig config = ConfigLoader.load(conf);
        Vertx vertx = Vertx.vertx();
        try {
            Store.open(config.storage(), vertx, new SimpleMeterRegistry(), Clock.systemUTC()).close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        Database db = Database.of(config.storage());
        Instant today = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        Random rnd = new Random(6);
        long queueRows = 0;
        long agentRows = 0;
        try (Connection c = DriverManager.getConnection(db.url(), db.user().orElse(null), db.password().orElse(null))) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("INSERT INTO interval_queue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement a = c.prepareStatement("INSERT INTO interval_agent VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                         + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int d = days; d >= 1; d--) {
                    Instant day = today.minus(Duration.ofDays(d));
                    for (int i = 0; i < 96; i++) {
                        OffsetDateTime at = OffsetDateTime.ofInstant(day.plus(Duration.ofMinutes(15L * i)), ZoneOffset.UTC);
                        for (var queue : config.queues()) {
                            long offered = rnd.nextInt(20);
                            long answered = offered * 9 / 10;
                            q.setObject(1, at);
                            q.setString(2, queue.id());
                            long[] v = {offered, answered, answered * 8 / 10, (offered - answered) / 2,
                                    offered - answered - (offered - answered) / 2, 0, 0, 0, 0, answered * 12_000,
                                    (offered - answered) * 30_000, 60_000, answered * 2, answered, answered,
                                    answered * 180_000, answered * 10_000, answered * 30_000, 0};
                            for (int k = 0; k < v.length; k++) {
                                q.setLong(3 + k, v[k]);
                            }
                            q.addBatch();
                            queueRows++;
                        }
                        if (i >= 36 && i < 68) { // 09:00-17:00 UTC
                            for (int n = 0; n < agents; n++) {
                                a.setObject(1, at);
                                a.setString(2, ConfigGenerator.agentId(n));
                                long[] v = {900_000, 300_000, 60_000, 20_000, 420_000, 0, 100_000, 2, 2, 360_000,
                                        20_000, 60_000, 0, 0, 0, 0, 0, 0};
                                for (int k = 0; k < v.length; k++) {
                                    a.setLong(3 + k, v[k]);
                                }
                                a.addBatch();
                                agentRows++;
                            }
                        }
                    }
                    q.executeBatch();
                    a.executeBatch();
                    c.commit();
                }
            }
            try (PreparedStatement w = c.prepareStatement("INSERT INTO report_job (id, watermark, ran_at) VALUES"
                    + " ('intervals', ?, ?)")) {
                w.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                w.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                w.executeUpdate();
            }
            c.commit();
        }
        return new JsonObject().put("historyDays", days).put("historyQueueRows", queueRows)
                .put("historyAgentRows", agentRows).put("historyAgents", agents)
                .put("seedSeconds", Math.round((System.nanoTime() - began) / 1e7) / 100.0);
    }
}
