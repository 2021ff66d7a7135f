package dev.cti.link;

/**
 * Masks phone numbers before they reach a log line or a {@code toString()}: personal data stays out
 * of logs ({@code 13812345678 -> 138****5678}).
 */
public final class Masking {

    private Masking() {}

    /** Keeps the first three and last four characters of a number and stars the middle; short values become stars. */
    public static String mask(String number) {
        if (number == null) {
            return null;
        }
        int n = number.length();
        if (n <= 4) {
            return "*".repeat(n);
        }
        if (n <= 7) {
            return "*".repeat(n - 2) + number.substring(n - 2);
        }
        return number.substring(0, 3) + "****" + number.substring(n - 4);
    }
}
