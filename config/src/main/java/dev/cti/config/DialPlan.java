package dev.cti.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which numbers may be dialled out through a trunk (click-to-dial, a transfer to a number, a REFER from a phone):
 * a number must match one {@code allow} pattern and no {@code deny} pattern. Patterns are Java regular expressions
 * matched against the whole number as the agent gave it (digits, an optional leading {@code +}), before the trunk's
 * {@code outboundPrefix} is put in front. The defaults are China's domestic numbers, with international calls and
 * premium-rate / information services refused (see docs/SECURITY.md, "Dial plan"). Used by the server (before it
 * commands a dial) and by the gateway (REFER, and again for every dial it is commanded), so both decide alike.
 *
 * @param allow patterns a number must match one of
 * @param deny  patterns a number must match none of (checked first)
 */
public record DialPlan(List<Pattern> allow, List<Pattern> deny) {
    /** The longest number accepted at all (E.164 allows 15 digits; room for national prefixes). */
    public static final int MAX_DIGITS = 20;
    private static final Pattern SYNTAX = Pattern.compile("\\+?[0-9]{1," + MAX_DIGITS + "}");

    /** China, domestic: mobiles, landlines with or without the area code, 400/800 numbers, +86 forms. */
    public static final List<String> DEFAULT_ALLOW = List.of(
            "1[3-9][0-9]{9}",            // mobile, 11 digits
            "0[1-9][0-9]{8,10}",         // landline with its area code (010 xxxxxxxx, 0755 xxxxxxxx)
            "[2-8][0-9]{6,7}",           // local landline, 7 or 8 digits
            "[48]00[0-9]{7}",            // national service numbers 400 and 800
            "\\+861[3-9][0-9]{9}",       // the same mobile in E.164
            "\\+86[1-9][0-9]{8,10}");    // a landline in E.164 (area code without its 0)

    /**
     * International calls and premium-rate / information lines, refused even if an allow pattern is widened:
     * 00 (international prefix), + other than +86, the IP long-distance carrier-selection prefixes 179xx (17909,
     * 17951) and 125xx (12593) that reach international numbers, 1259x value-added services, 160/168 information
     * lines (with or without an area code), 95xxx/96xxx short information numbers.
     */
    public static final List<String> DEFAULT_DENY = List.of(
            "00[0-9]*",                  // international
            "\\+(?!86)[0-9]*",           // international, E.164 form
            "179[0-9]{2,}",              // IP long-distance carrier prefixes (17909, 17951)
            "125[0-9]{2,}",              // carrier prefixes and value-added services (12593, 1259x)
            "(0[1-9][0-9]{1,2})?16[08][0-9]{4,6}", // information / premium lines 160x, 168x, with or without area code
            "9[56][0-9]{3,6}");          // short information numbers 95xxx, 96xxx

    public DialPlan {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** The plan of the defaults. */
    public static DialPlan defaults() {
        return of(DEFAULT_ALLOW, DEFAULT_DENY);
    }

    /** Compiles the patterns (validated by the loader, so they compile). */
    public static DialPlan of(List<String> allow, List<String> deny) {
        return new DialPlan(allow.stream().map(Pattern::compile).toList(), deny.stream().map(Pattern::compile).toList());
    }

    /** What the plan says about a number. */
    public enum Verdict {
        ALLOWED,
        /** Not digits with an optional leading '+', empty, or longer than {@link #MAX_DIGITS}. */
        BAD_NUMBER,
        /** Matches a deny pattern (international, premium rate...). */
        DENIED,
        /** Matches no allow pattern. */
        NOT_ALLOWED;

        /** The label used in metrics and audit rows. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Verdict check(String number) {
        if (number == null || !SYNTAX.matcher(number).matches()) {
            return Verdict.BAD_NUMBER;
        }
        if (deny.stream().anyMatch(p -> p.matcher(number).matches())) {
            return Verdict.DENIED;
        }
        return allow.stream().anyMatch(p -> p.matcher(number).matches()) ? Verdict.ALLOWED : Verdict.NOT_ALLOWED;
    }

    /** Patterns compare by their text (records of Pattern would not). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DialPlan d && texts(allow).equals(texts(d.allow)) && texts(deny).equals(texts(d.deny));
    }

    @Override
    public int hashCode() {
        return texts(allow).hashCode() * 31 + texts(deny).hashCode();
    }

    private static List<String> texts(List<Pattern> patterns) {
        return patterns.stream().map(Pattern::pattern).toList();
    }
}
