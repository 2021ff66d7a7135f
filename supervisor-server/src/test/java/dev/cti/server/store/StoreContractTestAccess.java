package dev.cti.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

/** Reads for tests of other packages that the store's API does not offer. */
public final class StoreContractTestAccess {
    private StoreContractTestAccess() {}

    /** Holds of {@code callId} still without an end. */
    public static long openHolds(Store store, String callId) throws Exception {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM holds WHERE call_id = ?"
                    + " AND ended_at IS NULL")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
