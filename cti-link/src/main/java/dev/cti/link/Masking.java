package dev.cti.link;

import dev.cti.privacy.PhoneMask;

/**
 * Kept only so branches written against it still compile: the rule lives in {@link PhoneMask} (module
 * {@code privacy}), which every module calls. Remove once nothing names this class.
 */
@Deprecated(forRemoval = true)
public final class Masking {

    private Masking() {}

    /** {@link PhoneMask#mask}. */
    public static String mask(String number) {
        return PhoneMask.mask(number);
    }
}
