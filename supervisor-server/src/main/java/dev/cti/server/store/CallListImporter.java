package dev.cti.server.store;

import dev.cti.privacy.PhoneMask;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a campaign's call list from CSV (header {@code number,name,title,notes}; RFC 4180 as the customer import
 * reads it) and adds its rows on the store's connection, each under its own savepoint. A number already in the
 * campaign's list or earlier in the file is skipped as a duplicate, one on the do-not-call list is skipped too; both
 * are listed with their line. Stored rows are never changed: a bad file adds its good rows and loses nothing.
 */
final class CallListImporter {
    static final List<String> HEADER = List.of("number", "name", "title", "notes");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

    private final Connection connection;
    private final String campaignId;
    private final Set<String> doNotCall;
    private final Instant now;

    CallListImporter(Connection connection, String campaignId, Set<String> doNotCall, Instant now) {
        this.connection = connection;
        this.campaignId = campaignId;
        this.doNotCall = doNotCall;
        this.now = now;
    }

    CallListReport importCsv(Reader in) throws IOException, SQLException {
        CustomerImporter.CsvReader csv = new CustomerImporter.CsvReader(in);
        List<CallListReport.Row> duplicates = new ArrayList<>();
        List<CallListReport.Row> dnc = new ArrayList<>();
        List<CallListReport.Row> rejected = new ArrayList<>();
        CustomerImporter.CsvReader.Row header = csv.next();
        if (header == null) {
            rejected.add(new CallListReport.Row(1, "header", "empty file: expected the header " + String.join(",", HEADER)));
            return new CallListReport(0, duplicates, dnc, rejected);
        }
        List<String> names = header.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)
                .replace("\uFEFF", "")).toList();
        if (!names.equals(HEADER)) {
            rejected.add(new CallListReport.Row(header.line(), "header", "expected " + String.join(",", HEADER)
                    + ", found " + String.join(",", names)));
            return new CallListReport(0, duplicates, dnc, rejected);
        }
        Map<String, Integer> seen = new HashMap<>();
        int imported = 0;
        CustomerImporter.CsvReader.Row row;
        while ((row = csv.next()) != null) {
            List<String> f = row.fields();
            if (f.size() == 1 && f.get(0).isBlank()) {
                continue; // an empty line
            }
            if (row.error().isPresent()) {
                rejected.add(new CallListReport.Row(row.line(), "row", row.error().get()));
                continue;
            }
            Optional<CallListReport.Row> problem = validate(row.line(), f);
            if (problem.isPresent()) {
                rejected.add(problem.get());
                continue;
            }
            String number = f.get(0).strip();
            Integer earlier = seen.putIfAbsent(number, row.line());
            if (earlier != null) {
                duplicates.add(new CallListReport.Row(row.line(), "number", "duplicate of line " + earlier + " ("
                        + PhoneMask.mask(number) + ")"));
                continue;
            }
            if (doNotCall.contains(number)) {
                dnc.add(new CallListReport.Row(row.line(), "number", "on the do-not-call list ("
                        + PhoneMask.mask(number) + ")"));
                continue;
            }
            if (stored(number)) {
                duplicates.add(new CallListReport.Row(row.line(), "number", "already in the call list ("
                        + PhoneMask.mask(number) + ")"));
                continue;
            }
            Savepoint sp = connection.setSavepoint();
            try {
                insert(number, f.get(1).strip(), optional(f, 2), optional(f, 3));
                connection.releaseSavepoint(sp);
                imported++;
            } catch (SQLException e) {
                connection.rollback(sp);
                rejected.add(new CallListReport.Row(row.line(), "row", "could not be stored: "
                        + e.getClass().getSimpleName() + " (SQL state " + e.getSQLState() + ")"));
            }
        }
        return new CallListReport(imported, duplicates, dnc, rejected);
    }

    private static Optional<CallListReport.Row> validate(int line, List<String> f) {
        if (f.size() < 2 || f.size() > 4) {
            return Optional.of(new CallListReport.Row(line, "row", "expected 2 to 4 fields (number,name,title,notes), "
                    + "found " + f.size()));
        }
        if (!NUMBER.matcher(f.get(0).strip()).matches()) {
            return Optional.of(new CallListReport.Row(line, "number", "must be 3 to 20 digits with an optional "
                    + "leading +"));
        }
        String name = f.get(1).strip();
        if (name.isEmpty()) {
            return Optional.of(new CallListReport.Row(line, "name", "is required"));
        }
        if (name.length() > 64) {
            return Optional.of(new CallListReport.Row(line, "name", "is longer than 64 characters"));
        }
        if (f.size() > 2 && f.get(2).strip().length() > 16) {
            return Optional.of(new CallListReport.Row(line, "title", "is longer than 16 characters"));
        }
        if (f.size() > 3 && f.get(3).length() > 4000) {
            return Optional.of(new CallListReport.Row(line, "notes", "are longer than 4000 characters"));
        }
        return Optional.empty();
    }

    private static Optional<String> optional(List<String> f, int i) {
        return f.size() > i && !f.get(i).isBlank() ? Optional.of(f.get(i).strip()) : Optional.empty();
    }

    private boolean stored(String number) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM campaign_records WHERE campaign_id = ? AND number = ?")) {
            ps.setString(1, campaignId);
            ps.setString(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void insert(String number, String name, Optional<String> title, Optional<String> notes)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO campaign_records (campaign_id, number, "
                + "name, title, notes, status, next_at, imported_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?)")) {
            ps.setString(1, campaignId);
            ps.setString(2, number);
            ps.setString(3, name);
            Store.setOpt(ps, 4, title);
            Store.setOpt(ps, 5, notes);
            Store.setTime(ps, 6, now);
            Store.setTime(ps, 7, now);
            ps.executeUpdate();
        }
    }
}
