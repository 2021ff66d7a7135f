package dev.cti.config.schema;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The scalar types of the configuration, each with the message a mistake gets. */
public final class Types {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{1,32}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");

    private Types() {}

    public static Type.Scalar text() {
        return new Type.Scalar("text", "must be a non-empty text", s -> {
            if (s.isBlank()) {
                throw new Type.Invalid("must be a non-empty text");
            }
            return s;
        });
    }

    public static Type.Scalar id() {
        String expected = "must be an id (letters, digits, '.', '_' or '-', at most 64)";
        return new Type.Scalar("id", expected, s -> {
            if (!ID.matcher(s).matches()) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            return s;
        });
    }

    /** Telephone numbers and extensions: digits with an optional leading '+'. */
    public static Type.Scalar digits() {
        String expected = "must be digits (an optional leading '+')";
        return new Type.Scalar("digits", expected, s -> {
            if (!DIGITS.matcher(s).matches()) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            return s;
        });
    }

    public static Type.Scalar host() {
        String expected = "must be a host name or IP address";
        return new Type.Scalar("host", expected, s -> {
            if (!HOST.matcher(s).matches()) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            return s;
        });
    }

    /**
     * A Java regular expression for whole telephone numbers (a dial plan's pattern); one that does not compile is a
     * mistake with the reason and the position.
     */
    public static Type.Scalar numberPattern() {
        String expected = "must be a Java regular expression matching whole numbers, e.g. 1[3-9][0-9]{9}";
        return new Type.Scalar("number pattern", expected, s -> {
            if (s.isBlank()) {
                throw new Type.Invalid(expected);
            }
            try {
                java.util.regex.Pattern.compile(s);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new Type.Invalid("is not a regular expression: " + e.getDescription() + " at character "
                        + (e.getIndex() + 1) + " of '" + s + "'");
            }
            return s;
        });
    }

    /** A whole number in [min, max]. */
    public static Type.Scalar integer(long min, long max) {
        String expected = min == 1 && max == Integer.MAX_VALUE ? "must be a positive whole number"
                : min == 0 && max == Integer.MAX_VALUE ? "must be a whole number, 0 or more"
                : "must be a whole number from " + min + " to " + max;
        return new Type.Scalar(min == 0 && max == 65535 ? "port" : "integer", expected, s -> {
            long v;
            try {
                v = Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            if (v < min || v > max) {
                throw new Type.Invalid(expected + ", got " + v);
            }
            return (int) v;
        });
    }

    public static Type.Scalar port() {
        return integer(0, 65535);
    }

    /** A number (decimals allowed) in (minExclusive, max]. */
    public static Type.Scalar positiveNumber(double max) {
        String expected = "must be a positive number" + (max < Double.MAX_VALUE ? " up to " + fmt(max) : "");
        return new Type.Scalar("number", expected, s -> {
            double v;
            try {
                v = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            if (!(v > 0) || v > max || Double.isNaN(v)) {
                throw new Type.Invalid(expected + ", got " + fmt(v));
            }
            return v;
        });
    }

    /** A number in [0, 1] (a share of something). */
    public static Type.Scalar fraction() {
        String expected = "must be a number from 0 to 1";
        return new Type.Scalar("fraction", expected, s -> {
            double v;
            try {
                v = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            if (!(v >= 0 && v <= 1)) {
                throw new Type.Invalid(expected + ", got " + fmt(v));
            }
            return v;
        });
    }

    /** A number (decimals allowed) in [min, max]. */
    public static Type.Scalar number(double min, double max) {
        String expected = "must be a number from " + fmt(min) + " to " + fmt(max);
        return new Type.Scalar("number", expected, s -> {
            double v;
            try {
                v = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            if (!(v >= min && v <= max)) {
                throw new Type.Invalid(expected + ", got " + fmt(v));
            }
            return v;
        });
    }

    /** A local time of day HH:MM (24 hours). */
    public static Type.Scalar timeOfDay() {
        String expected = "must be a time of day HH:MM (00:00 to 23:59)";
        return new Type.Scalar("time", expected, s -> {
            try {
                if (!s.strip().matches("[0-9]{2}:[0-9]{2}")) {
                    throw new DateTimeParseException("", s, 0);
                }
                return java.time.LocalTime.parse(s.strip());
            } catch (DateTimeParseException e) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
        });
    }

    public static Type.Scalar bool() {
        return new Type.Scalar("boolean", "must be true or false", s -> switch (s.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new Type.Invalid("must be true or false, got '" + s + "'");
        });
    }

    public static Type.Scalar date() {
        String expected = "must be a date YYYY-MM-DD";
        return new Type.Scalar("date", expected, s -> {
            try {
                return LocalDate.parse(s.strip());
            } catch (DateTimeParseException e) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
        });
    }

    /** One of fixed words; the parsed value is the word itself. */
    public static Type.Scalar oneOf(String... words) {
        List<String> allowed = Arrays.asList(words);
        String expected = "must be one of " + String.join(", ", allowed);
        return new Type.Scalar("one of " + String.join(", ", allowed.stream()
                .map(w -> w.isEmpty() ? "\"\"" : w).toList()), expected, s -> {
            if (!allowed.contains(s.strip())) {
                throw new Type.Invalid(expected + ", got '" + s + "'");
            }
            return s.strip();
        });
    }

    /**
     * A script template: text with {@code {variable}} placeholders from {@code known}. An unknown
     * variable or an unbalanced brace is a mistake (it would show up raw on the agent's screen).
     */
    public static Type.Scalar template(List<String> known) {
        String expected = "must be a text whose {variables} are among " + String.join(", ", known);
        return new Type.Scalar("template", expected, s -> {
            if (s.isBlank()) {
                throw new Type.Invalid("must be a non-empty text");
            }
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '}') {
                    throw new Type.Invalid("has a '}' without '{' at character " + (i + 1));
                }
                if (c == '{') {
                    int end = s.indexOf('}', i);
                    if (end < 0) {
                        throw new Type.Invalid("has a '{' without '}' at character " + (i + 1));
                    }
                    String name = s.substring(i + 1, end);
                    if (!known.contains(name)) {
                        throw new Type.Invalid("uses unknown variable {" + name + "}; known: "
                                + String.join(", ", known.stream().map(k -> "{" + k + "}").toList()));
                    }
                    i = end + 1;
                } else {
                    i++;
                }
            }
            return s;
        });
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
