package dev.cti.privacy;

/**
 * The one rule for showing a phone number to someone who does not need it in full, and for every log line and
 * {@code toString()} (信息保密: numbers are personal data). The gateway, the CTI link's records, the server's API
 * and pushes, and the agent seat all call this; docs/SECURITY.md ("Phone numbers") states the rule.
 *
 * <p>The rule, on the national part (after a leading {@code +86}, or after a leading {@code +}):
 * <ul>
 *   <li>11 digits or more (a mobile {@code 13812345678}, an area code and a landline): the first three and the
 *       last four stay, the rest are stars: {@code 138****5678};</li>
 *   <li>5 to 10 digits (a local landline, a short service number with an extension): only the last two stay:
 *       {@code 6512 3456 -> ******56};</li>
 *   <li>4 digits or fewer: all stars (the last digits of a short number are most of it);</li>
 *   <li>a leading {@code +86} or {@code +} is kept as it is ({@code +8613812345678 -> +86138****5678});</li>
 *   <li>anything that is not digits with an optional leading {@code +} (a SIP URI, {@code anonymous}, a name, a
 *       number with spaces or dashes) becomes stars of the same length: nothing of it is shown;</li>
 *   <li>{@code null} stays {@code null} (an absent number is not invented), the empty string stays empty.</li>
 * </ul>
 * At most 7 of 11 digits and 2 of 5..10 are ever shown, the same answer in every module.
 */
public final class PhoneMask {
    private static final String CHINA = "+86";

    private PhoneMask() {}

    /** {@code number} masked by the rule above. */
    public static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return number;
        }
        if (!isNumber(number)) {
            return stars(number.length());
        }
        if (number.startsWith(CHINA) && number.length() > CHINA.length()) {
            return CHINA + digits(number.substring(CHINA.length()));
        }
        if (number.charAt(0) == '+') {
            return "+" + digits(number.substring(1));
        }
        return digits(number);
    }

    /** Whether {@code s} is digits with an optional leading {@code +} (at least one digit). */
    public static boolean isNumber(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int start = s.charAt(0) == '+' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String digits(String d) {
        int n = d.length();
        if (n <= 4) {
            return stars(n);
        }
        if (n <= 10) {
            return stars(n - 2) + d.substring(n - 2);
        }
        return d.substring(0, 3) + stars(n - 7) + d.substring(n - 4);
    }

    private static String stars(int n) {
        return "*".repeat(n);
    }
}
