package dev.cti.server.store;

import java.util.List;

/**
 * The result of a campaign call-list import (issue 18). Nothing of a refused header is written; every other row is
 * stored, skipped or refused on its own, and rows already stored are never changed.
 *
 * @param imported   rows added to the call list
 * @param duplicates rows skipped: the number is already in the list, or earlier in the file
 * @param doNotCall  rows skipped: the number is on the campaign's do-not-call list
 * @param rejected   rows refused (and a bad header, line 1): what field was wrong and why
 */
public record CallListReport(int imported, List<Row> duplicates, List<Row> doNotCall, List<Row> rejected) {
    public CallListReport {
        duplicates = List.copyOf(duplicates);
        doNotCall = List.copyOf(doNotCall);
        rejected = List.copyOf(rejected);
    }

    /** One row not imported: its line in the file (1 is the header), the field at fault and why; never the number. */
    public record Row(int line, String field, String why) {}
}
