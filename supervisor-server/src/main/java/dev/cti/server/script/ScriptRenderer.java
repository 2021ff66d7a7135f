package dev.cti.server.script;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.Holiday;
import dev.cti.config.Localized;
import dev.cti.config.QueueConfig;
import dev.cti.config.ScriptConfig;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a queue's script for one offered call (domain §1): the agent's work number and name, the company,
 * the queue, the date, and the customer's surname and title when the caller is in the customer directory;
 * otherwise the neutral form 先生/女士 (Sir/Madam) with no surname. On a configured holiday the steps'
 * holiday variants are used. Templates were validated at load, so every variable here is known.
 */
public final class ScriptRenderer {
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z.]+)}");
    private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile(" +([,.!?;:,。!?;:])");

    private final CtiConfig config;

    public ScriptRenderer(CtiConfig config) {
        this.config = config;
    }

    /** A customer found in the directory by the caller's number. */
    public record Customer(String surname, String title) {}

    public Optional<RenderedScript> render(QueueConfig queue, AgentConfig agent, Optional<Customer> customer,
                                           LocalDate today) {
        return queue.script().flatMap(config::script).map(s -> render(s, queue.name(), agent, customer, today));
    }

    /**
     * Fills {@code s} for one call of {@code agent}; {@code queueName} fills {@code {queue.name}} (a click-to-dial call
     * has no queue: it is empty then).
     */
    public RenderedScript render(ScriptConfig s, Localized queueName, AgentConfig agent, Optional<Customer> customer,
                                 LocalDate today) {
        String lang = agent.language();
        Optional<Holiday> holiday = config.holidays().stream().filter(h -> h.date().equals(today)).findFirst();
        Map<String, String> vars = new HashMap<>();
        vars.put("company", config.site().company().get(lang));
        vars.put("agent.workNumber", agent.workNumber());
        vars.put("agent.name", agent.name());
        vars.put("queue.name", queueName.get(lang));
        vars.put("date", today.toString());
        vars.put("holiday.name", holiday.map(h -> h.name().get(lang)).orElse(""));
        vars.put("customer.surname", customer.map(Customer::surname).orElse(""));
        vars.put("customer.title", title(customer.map(Customer::title), lang));

        return new RenderedScript(s.id(), lang, s.name().get(lang), holiday.isPresent(),
                s.steps().stream().map(step -> new RenderedScript.Line(step.id(), step.title().get(lang),
                        fill(holiday.isPresent() && step.holiday().isPresent() ? step.holiday().get() : step.text(),
                                lang, vars))).toList(),
                s.quickPhrases().stream().map(p -> new RenderedScript.Line(p.id(), p.label().get(lang),
                        fill(p.text(), lang, vars))).toList());
    }

    /** The form of address: the directory's title in the agent's language, or the neutral form. */
    static String title(Optional<String> stored, String lang) {
        boolean zh = Localized.ZH_CN.equals(lang);
        if (stored.isEmpty() || stored.get().isBlank()) {
            return zh ? "先生/女士" : "Sir/Madam";
        }
        String t = stored.get().strip();
        return switch (t.toLowerCase(Locale.ROOT).replace(".", "")) {
            case "先生", "mr" -> zh ? "先生" : "Mr";
            case "女士", "ms", "mrs", "miss", "小姐" -> zh ? "女士" : "Ms";
            default -> t;
        };
    }

    private static String fill(Localized template, String lang, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(template.get(lang));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        // An empty variable (no surname) must not leave "Sir/Madam , hello" behind.
        String text = SPACE_BEFORE_PUNCTUATION.matcher(out.toString().replaceAll(" {2,}", " ").strip()).replaceAll("$1");
        return text;
    }
}
