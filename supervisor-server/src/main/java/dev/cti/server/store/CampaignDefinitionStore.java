package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Campaigns defined in the browser (issue 18; table campaign_definitions): each one's JSON as an admin saved it, read
 * back at start-up with the configuration's rules. Writes run in the store's one writer, so a create sees every
 * earlier one.
 */
public final class CampaignDefinitionStore {
    /** A stored definition: the campaign's id, its JSON, who saved it last and when. */
    public record Stored(String id, String definition, String updatedBy, Instant updatedAt) {}

    private final Store store;

    public CampaignDefinitionStore(Store store) {
        this.store = store;
    }

    /** Every stored definition not deleted, by id. */
    public Future<List<Stored>> all() {
        return store.read(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, definition, updated_by, updated_at FROM "
                    + "campaign_definitions WHERE deleted_at IS NULL ORDER BY id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3),
                            Store.time(rs, 4).orElseThrow()));
                }
            }
            return out;
        });
    }

    /** Stores a new campaign; false (nothing written) when one with its id is stored already, deleted or not. */
    public Future<Boolean> create(String id, String definition, String by, Instant now) {
        return store.transaction("campaign_define", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM campaign_definitions WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_definitions (id, definition, "
                    + "created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, definition);
                ps.setString(3, by);
                Store.setTime(ps, 4, now);
                ps.setString(5, by);
                Store.setTime(ps, 6, now);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Replaces a stored campaign's definition; false when none with that id is stored (or it was deleted). */
    public Future<Boolean> update(String id, String definition, String by, Instant now) {
        return store.transaction("campaign_define", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_definitions SET definition = ?, "
                    + "updated_by = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL")) {
                ps.setString(1, definition);
                ps.setString(2, by);
                Store.setTime(ps, 3, now);
                ps.setString(4, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** What a deletion did: done, no such campaign (or deleted already), or refused for the records agents hold. */
    public enum Deletion { DELETED, NOT_FOUND, IN_PROGRESS }

    /**
     * Deletes a stored campaign (V16: soft, the row keeps who and when, its id is not reused); refused while an agent
     * holds one of its records (status PREVIEW). Its records and attempts are left as they are.
     */
    public Future<Deletion> delete(String id, String by, Instant now) {
        return store.transaction("campaign_define", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM campaign_records WHERE campaign_id = ? "
                    + "AND status = ?")) {
                ps.setString(1, id);
                ps.setString(2, CampaignRecord.PREVIEW);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return Deletion.IN_PROGRESS;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_definitions SET deleted_by = ?, "
                    + "deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
                ps.setString(1, by);
                Store.setTime(ps, 2, now);
                ps.setString(3, id);
                return ps.executeUpdate() == 1 ? Deletion.DELETED : Deletion.NOT_FOUND;
            }
        });
    }
}
