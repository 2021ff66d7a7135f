package dev.cti.config;

import java.util.List;

/** The variables a script template may use, as {@code {name}}. */
public final class ScriptVariables {
    public static final List<String> NAMES = List.of(
            "company", "agent.workNumber", "agent.name", "customer.surname", "customer.title", "queue.name",
            "date", "holiday.name");

    private ScriptVariables() {}
}
