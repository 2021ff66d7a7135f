package dev.cti.agent;

/** Masks phone numbers before they reach a log or an event line (no personal data in logs): 13812345678 → 138****5678. */
public final class Mask {
    private Mask() {}

    public static String number(String n) {
        if (n == null || n.isEmpty()) return "";
        if (n.length() >= 8) return n.substring(0, 3) + "****" + n.substring(n.length() - 4);
        if (n.length() <= 2) return "*".repeat(n.length());
        return "*".repeat(n.length() - 2) + n.substring(n.length() - 2);
    }
}
