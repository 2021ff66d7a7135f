package dev.cti.server.privacy;

/**
 * Kept only so branches written against it still compile: the rule lives in {@link dev.cti.privacy.PhoneMask}
 * (module {@code privacy}), which every module calls. Remove once nothing names this class.
 */
@Deprecated(forRemoval = true)
public final class PhoneMask {
    private PhoneMask() {}

    /** {@link dev.cti.privacy.PhoneMask#mask}. */
    public static String mask(String number) {
        return dev.cti.privacy.PhoneMask.mask(number);
    }
}
