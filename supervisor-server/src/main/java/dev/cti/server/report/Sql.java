package dev.cti.server.report;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC helpers of the report queries: times are UTC instants in TIMESTAMP WITH TIME ZONE columns. */
final class Sql {
    private Sql() {}

    static void time(PreparedStatement ps, int i, Instant at) throws SQLException {
        ps.setObject(i, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    static Instant time(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static long longOr0(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? 0 : v;
    }

    static Integer integer(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }
}
