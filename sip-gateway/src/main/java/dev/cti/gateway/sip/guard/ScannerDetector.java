package dev.cti.gateway.sip.guard;

import java.util.List;
import java.util.Locale;

/**
 * Recognises the User-Agents of SIP scanners (SIPVicious "friendly-scanner", "sipvicious", "sipcli", ...).
 * Their requests are dropped without an answer: a response confirms to the scanner that a SIP server lives here.
 */
public final class ScannerDetector {
    /** Lower-case substrings of User-Agent values of known scanners. */
    public static final List<String> DEFAULT_SIGNATURES =
            List.of("friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sundayddr", "iwar", "sipsak-scan");

    private final List<String> signatures;

    public ScannerDetector(List<String> signatures) {
        this.signatures = signatures.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    public static ScannerDetector withDefaults() {
        return new ScannerDetector(DEFAULT_SIGNATURES);
    }

    /** True if the User-Agent header value (may be null) belongs to a scanner. */
    public boolean isScanner(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String s : signatures) {
            if (ua.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
