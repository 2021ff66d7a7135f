package dev.cti.server.report;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the CTI link's ups and downs in {@code link_events} for the incident report: an UP carries the gateway's id
 * and start time (a new start time is a gateway restart), a DOWN its reason. Written on the reports' job connection;
 * a failure is logged, never in the way of the link.
 */
public final class LinkEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LinkEvents.class);
    private final ReportDb db;

    LinkEvents(ReportDb db) {
        this.db = db;
    }

    public void up(String gatewayId, Instant gatewayStartedAt, Instant at) {
        write("UP", Optional.of(gatewayId), Optional.of(gatewayStartedAt), Optional.empty(), at);
    }

    public void down(String reason, Instant at) {
        write("DOWN", Optional.empty(), Optional.empty(), Optional.ofNullable(reason), at);
    }

    private void write(String kind, Optional<String> gateway, Optional<Instant> started, Optional<String> detail,
                       Instant at) {
        db.onJob(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO link_events (kind, gateway_id,"
                    + " gateway_started_at, detail, at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, kind);
                ps.setString(2, gateway.orElse(null));
                if (started.isPresent()) {
                    Sql.time(ps, 3, started.get());
                } else {
                    ps.setNull(3, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                }
                ps.setString(4, detail.map(d -> d.length() > 256 ? d.substring(0, 256) : d).orElse(null));
                Sql.time(ps, 5, at);
                ps.executeUpdate();
            }
            return null;
        }).onFailure(e -> LOG.warn("link event not recorded: {}", e.getMessage()));
    }
}
