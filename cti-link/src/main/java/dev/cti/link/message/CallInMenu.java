package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import java.util.Objects;

/**
 * A customer call arrived on a trunk for a number that leads to a voice menu (issue 17): the gateway answered it and
 * plays nothing until the server, which runs the menu, sends {@link PlayPrompts}; the server ends the menu with
 * {@link RouteToQueue} (then {@link CallOffered} follows) or {@link HangUp}. The call is in the gateway's snapshot
 * with no queue meanwhile.
 *
 * @param menuId the menu the dialled number leads to
 * @param callerNumber the customer's number (personal data: never logged unmasked)
 */
public record CallInMenu(String callId, String menuId, String callerNumber, String dialledNumber, String trunkId,
                         long at) implements CallEvent {

    public CallInMenu {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(menuId, "menuId");
        Objects.requireNonNull(callerNumber, "callerNumber");
        Objects.requireNonNull(dialledNumber, "dialledNumber");
        Objects.requireNonNull(trunkId, "trunkId");
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "CallInMenu[callId=" + callId + ", menuId=" + menuId + ", callerNumber=" + PhoneMask.mask(callerNumber)
                + ", dialledNumber=" + dialledNumber + ", trunkId=" + trunkId + ", at=" + at + "]";
    }
}
