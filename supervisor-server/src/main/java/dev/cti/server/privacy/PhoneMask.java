package dev.cti.server.privacy;

/**
 * Masks phone numbers for logs and error messages: numbers are personal data and must never be
 * logged in clear (preamble, "No personal data in logs"). The stored records keep the full number.
 */
public final class PhoneMask {
    private PhoneMask() {}

    /**
     * Keeps the first three and last four characters of numbers of 8 characters or more
     * ({@code 13812345678 -> 138****5678}); shorter ones keep only their last two.
     */
    public static String mask(String number) {
        if (number == null) {
            return "null";
        }
        int n = number.length();
        if (n >= 8) {
            return number.substring(0, 3) + "*".repeat(n - 7) + number.substring(n - 4);
        }
        if (n > 2) {
            return "*".repeat(n - 2) + number.substring(n - 2);
        }
        return "*".repeat(n);
    }
}
