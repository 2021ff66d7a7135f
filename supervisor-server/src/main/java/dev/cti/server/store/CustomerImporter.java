package dev.cti.server.store;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads customers from CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) and writes
 * them on the store's connection. Each row is written under its own savepoint, so a row is stored fully
 * or not at all; the caller commits once at the end.
 */
final class CustomerImporter {
    static final List<String> HEADER = List.of("number", "surname", "title", "notes");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

    private final Connection connection;
    private final Instant now;

    CustomerImporter(Connection connection, Instant now) {
        this.connection = connection;
        this.now = now;
    }

    CustomerImportReport importCsv(Reader in) throws IOException, SQLException {
        CsvReader csv = new CsvReader(in);
        List<CustomerImportReport.RowError> errors = new ArrayList<>();
        CsvReader.Row header = csv.next();
        if (header == null) {
            errors.add(new CustomerImportReport.RowError(1, "empty file: expected the header "
                    + String.join(",", HEADER)));
            return new CustomerImportReport(0, 0, errors);
        }
        List<String> names = header.fields().stream().map(f -> f.strip().toLowerCase(java.util.Locale.ROOT))
                .toList();
        if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
            names = new ArrayList<>(names);
            names.set(0, names.get(0).substring(1));
        }
        if (!names.equals(HEADER)) {
            errors.add(new CustomerImportReport.RowError(header.line(), "bad header " + names + ": expected "
                    + String.join(",", HEADER)));
            return new CustomerImportReport(0, 0, errors);
        }
        int imported = 0;
        CsvReader.Row row;
        while ((row = csv.next()) != null) {
            if (row.fields().size() == 1 && row.fields().get(0).isBlank()) {
                continue; // empty line
            }
            if (row.error().isPresent()) {
                errors.add(new CustomerImportReport.RowError(row.line(), row.error().get()));
                continue;
            }
            Optional<String> problem = validate(row.fields());
            if (problem.isPresent()) {
                errors.add(new CustomerImportReport.RowError(row.line(), problem.get()));
                continue;
            }
            List<String> f = row.fields();
            Customer customer = new Customer(f.get(0).strip(), f.get(1).strip(), blankToEmpty(f.get(2)),
                    f.size() > 3 ? blankToEmpty(f.get(3)) : Optional.empty());
            Savepoint sp = connection.setSavepoint();
            try {
                upsert(connection, customer, now);
                connection.releaseSavepoint(sp);
                imported++;
            } catch (SQLException e) {
                connection.rollback(sp);
                errors.add(new CustomerImportReport.RowError(row.line(), "could not be stored: "
                        + e.getClass().getSimpleName() + " (SQL state " + e.getSQLState() + ")"));
            }
        }
        return new CustomerImportReport(imported, errors.size(), errors);
    }

    private static Optional<String> validate(List<String> f) {
        if (f.size() < 3 || f.size() > 4) {
            return Optional.of("expected 4 fields (number,surname,title,notes), found " + f.size());
        }
        String number = f.get(0).strip();
        if (!NUMBER.matcher(number).matches()) {
            return Optional.of("number must be 3 to 20 digits with an optional leading +");
        }
        String surname = f.get(1).strip();
        if (surname.isEmpty()) {
            return Optional.of("surname is required");
        }
        if (surname.length() > 64) {
            return Optional.of("surname is longer than 64 characters");
        }
        if (f.get(2).strip().length() > 16) {
            return Optional.of("title is longer than 16 characters");
        }
        if (f.size() > 3 && f.get(3).length() > 4000) {
            return Optional.of("notes are longer than 4000 characters");
        }
        return Optional.empty();
    }

    private static Optional<String> blankToEmpty(String s) {
        String t = s.strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    static void upsert(Connection c, Customer cu, Instant now) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE customers SET surname = ?, title = ?, notes = ?, updated_at = ? WHERE number = ?")) {
            up.setString(1, cu.surname());
            Store.setOpt(up, 2, cu.title());
            Store.setOpt(up, 3, cu.notes());
            Store.setTime(up, 4, now);
            up.setString(5, cu.number());
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO customers (surname, title, notes, updated_at, number) VALUES (?, ?, ?, ?, ?)")) {
            ins.setString(1, cu.surname());
            Store.setOpt(ins, 2, cu.title());
            Store.setOpt(ins, 3, cu.notes());
            Store.setTime(ins, 4, now);
            ins.setString(5, cu.number());
            ins.executeUpdate();
        }
    }

    static Optional<Customer> find(Connection c, String number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT surname, title, notes FROM customers WHERE number = ?")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Customer(number, rs.getString(1), Store.opt(rs, 2), Store.opt(rs, 3)));
            }
        }
    }

    /** A minimal RFC 4180 reader that remembers the line each record starts on. */
    static final class CsvReader {
        record Row(int line, List<String> fields, Optional<String> error) {}

        private final Reader in;
        private int line = 1;
        private int pushback = -2;

        CsvReader(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (pushback != -2) {
                int c = pushback;
                pushback = -2;
                return c;
            }
            return in.read();
        }

        /** The next record, or null at the end of input. */
        Row next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            String error = null;
            while (true) {
                if (c == -1) {
                    if (quoted) {
                        error = "unterminated quoted field";
                    }
                    fields.add(field.toString());
                    return new Row(start, fields, Optional.ofNullable(error));
                }
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        int n = read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            pushback = n;
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        field.append(ch);
                    }
                } else if (ch == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (ch == '\r' || ch == '\n') {
                    if (ch == '\r') {
                        int n = read();
                        if (n != '\n') {
                            pushback = n;
                        }
                    }
                    line++;
                    fields.add(field.toString());
                    return new Row(start, fields, Optional.ofNullable(error));
                } else {
                    if (wasQuoted && error == null) {
                        error = "text after a closing quote";
                    }
                    field.append(ch);
                }
                c = read();
            }
        }
    }
}
