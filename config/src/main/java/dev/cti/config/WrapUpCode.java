package dev.cti.config;

import java.util.List;

/**
 * A wrap-up (disposition) code.
 *
 * @param queues the queues it is offered for; empty means every queue
 */
public record WrapUpCode(String code, Localized label, Category category, List<String> queues) {
    public WrapUpCode {
        queues = List.copyOf(queues);
    }

    public enum Category { SUCCESS, FAILURE, CALLBACK, COMPLAINT, OTHER }
}
