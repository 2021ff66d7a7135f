package dev.cti.config;

import static dev.cti.config.schema.Field.optional;
import static dev.cti.config.schema.Field.required;
import static dev.cti.config.schema.Field.withDefault;

import dev.cti.config.schema.Type.ListOf;
import dev.cti.config.schema.Type.Obj;
import dev.cti.config.schema.Types;
import java.util.List;
import java.util.Map;

/** The schema of the {@code menus} section (voice menus and their business hours, issue 17). */
final class MenuSchema {
    private MenuSchema() {}

    private static List<dev.cti.config.schema.Field> concat(List<dev.cti.config.schema.Field> a,
                                                           dev.cti.config.schema.Field b) {
        List<dev.cti.config.schema.Field> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }

    static final List<String> ACTIONS = List.of("queue", "menu", "message", "hangup", "callback");
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#");

    static final Obj ACTION = new Obj("menu action", "What happens to the caller.", List.of(
            withDefault("action", Types.oneOf(ACTIONS.toArray(String[]::new)), "hangup", "queue (into a queue, with its greeting "
                    + "and music), menu (another menu), message (play a recorded message, then hang up), hangup "
                    + "(the menu's goodbye prompt, then hang up), callback (into the queue, offered at once the callback "
                    + "that keeps the caller's place; the queue needs callback configured)."),
            optional("target", Types.text(), "The queue id (queue, callback), the menu id (menu) or the message's "
                    + "WAV file (message); none for hangup.")));

    static final Obj OPTION = new Obj("menu option", "A digit the caller presses and what it does.", List.of(
            required("digit", Types.oneOf(DIGITS.toArray(String[]::new)), "0-9, \"*\" or \"#\" (quote * and #)."),
            required("action", Types.oneOf(ACTIONS.toArray(String[]::new)), "queue, menu, message, hangup or callback, as under fallback below."),
            optional("target", Types.text(), "The queue id, menu id or message file, as in the menu action.")));

    static final Obj PERIOD = new Obj("opening period", "Weekdays and a time range (site time) the menu is open.",
            List.of(withDefault("days", new ListOf(ConfigSchema.WEEKDAY, 1), List.of("mon", "tue", "wed", "thu", "fri"),
                            "Days."),
                    required("open", Types.timeOfDay(), "Opens at (inclusive)."),
                    required("close", Types.timeOfDay(), "Closes at (exclusive), after open (same day).")));

    static final Obj HOURS = new Obj("business hours", "When the menu is open: the periods, in site.timeZone, and "
            + "never on a date under holidays. Outside them the caller hears closedPrompt, then closedAction.",
            List.of(required("periods", new ListOf(PERIOD, 1), "Opening periods."),
                    required("closedPrompt", Types.text(), "WAV file played to callers outside the hours."),
                    withDefault("closedAction", ACTION, Map.of(), "After closedPrompt: message, "
                            + "hangup or callback (the caller waits in the queue, offered the callback at once).")));

    /**
     * A queue's business hours (issue 17): the menus' hours plus the goodbye a hangup closedAction plays (a queue has
     * no goodbye prompt of its own). A caller who dials the queue's number is run through them as a menu without a
     * prompt ({@link MenuConfig#forQueueHours}): open, straight into the queue; closed, what a closed menu does.
     */
    static final Obj QUEUE_HOURS = new Obj("queue business hours", "When a queue dialled directly is open: the "
            + "periods, in site.timeZone, and never on a date under holidays. Outside them the caller hears "
            + "closedPrompt, then closedAction, exactly as a closed menu (menus[].hours); a caller a menu routes to the "
            + "queue is not checked again.", concat(HOURS.fields(), required("goodbyePrompt", Types.text(),
            "WAV file played before the hangup closedAction hangs up.")));

    static final Obj MENU = new Obj("menu", "A voice menu (IVR): the caller hears prompt and presses a digit. No digit "
            + "within timeoutSeconds plays timeoutPrompt and repeats the menu, a digit no option has plays "
            + "invalidPrompt and repeats it; after retries repeats the caller gets fallback. Every menu must lead "
            + "somewhere through its options (a queue, a message or hangup, directly or through other menus). "
            + "Prompts are 8 kHz mono 16-bit WAV, paths relative to the configuration directory.", List.of(
            required("id", Types.id(), "Menu id."),
            withDefault("numbers", new ListOf(Types.digits(), 0), List.of(), "Dialled numbers from the trunk that "
                    + "lead to it (none: a sub-menu, reached from another menu). A number reaches one queue or menu."),
            optional("language", ConfigSchema.LANGUAGE, "Prompt language (default: site.defaultLanguage)."),
            required("prompt", Types.text(), "The menu's prompt (\"for service press 1 ...\")."),
            withDefault("timeoutSeconds", Types.integer(1, 60), 5, "Wait for a digit after the prompt ends."),
            withDefault("retries", Types.integer(0, 9), 2, "Repeats after a timeout or an invalid digit before "
                    + "fallback."),
            required("invalidPrompt", Types.text(), "Played on a digit no option has."),
            required("timeoutPrompt", Types.text(), "Played when no digit came in time."),
            required("goodbyePrompt", Types.text(), "Played before a hangup action hangs up."),
            required("options", new ListOf(OPTION, 1), "The digits."),
            withDefault("fallback", ACTION, Map.of(), "After the last retry."),
            optional("hours", HOURS, "Business hours; without them the menu is always open.")));
}
