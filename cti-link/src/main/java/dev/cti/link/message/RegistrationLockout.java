package dev.cti.link.message;

import java.util.Objects;

/**
 * The registrar locked an extension out (issue 13): {@code failures} failed digest authentications within the
 * configured window ({@code network.sip.registrar}); until {@code lockedUntil} its REGISTERs are refused (403),
 * right password or not. The server audits it and shows it on the wallboard as an alert until then.
 *
 * @param extension   the extension (SIP user) locked
 * @param failures    failures counted in the window
 * @param source      the address the last failing REGISTER came from, if known
 * @param lockedUntil epoch milliseconds
 */
public record RegistrationLockout(String extension, int failures, String source, long lockedUntil, long at)
        implements LinkEvent {

    public RegistrationLockout {
        Objects.requireNonNull(extension, "extension");
    }
}
