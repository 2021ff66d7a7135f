package dev.cti.server.store;

import dev.cti.privacy.PhoneMask;
import java.util.Optional;

/**
 * A known customer, looked up by calling number to fill {@code {customer.surname}} and
 * {@code {customer.title}} in scripts.
 */
public record Customer(String number, String surname, Optional<String> title, Optional<String> notes) {
    @Override
    public String toString() {
        return "Customer[number=" + PhoneMask.mask(number) + ", surname=" + surname + ", title="
                + title.orElse("-") + "]";
    }
}
