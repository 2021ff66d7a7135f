package dev.cti.server.store;

import java.util.List;

/**
 * The result of a customer CSV import.
 *
 * @param imported rows written (inserted or updated)
 * @param rejected rows refused; each has an entry in {@code errors}
 * @param errors   what was wrong, by line number of the file (1 is the header); never the number itself
 */
public record CustomerImportReport(int imported, int rejected, List<RowError> errors) {
    public CustomerImportReport {
        errors = List.copyOf(errors);
    }

    /** One refused row (or a bad header, line 1). */
    public record RowError(int line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }
}
