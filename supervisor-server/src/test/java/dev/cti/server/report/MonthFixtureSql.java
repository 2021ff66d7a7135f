package dev.cti.server.report;

import dev.cti.server.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The fixture's rows the server writes from CTI link events the tests do not drive: completed transfers. */
final class MonthFixtureSql {
    private MonthFixtureSql() {}

    static void transfer(Store store, String callId, String agent, Instant at) throws Exception {
        var db = store.database();
        try (Connection c = DriverManager.getConnection(db.url(), db.user().orElse(null), db.password().orElse(null));
             PreparedStatement ps = c.prepareStatement("INSERT INTO call_transfers (call_id, agent_id, kind, target,"
                     + " outcome, at) VALUES (?, ?, 'QUEUE', 'support', 'COMPLETED', ?)")) {
            ps.setString(1, callId);
            ps.setString(2, agent);
            ps.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }
}
