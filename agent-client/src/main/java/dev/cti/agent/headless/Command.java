package dev.cti.agent.headless;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the command interface, parsed: {@code name} and its arguments. The grammar (docs/AGENT-CLIENT.md) lives
 * here only: the verbs, how many arguments each takes, and whether the last one takes the rest of the line.
 */
public record Command(String name, List<String> args) {

    /** A line that is not a command; the message says what is wrong. */
    public static final class BadCommand extends Exception {
        public BadCommand(String message) {
            super(message);
        }
    }

    private record Arity(int min, int max, boolean restOfLine, String usage) {}

    private static final Map<String, Arity> VERBS = Map.ofEntries(
            Map.entry("ready", new Arity(0, 0, false, "ready")),
            Map.entry("not-ready", new Arity(1, 1, false, "not-ready REASON")),
            Map.entry("answer", new Arity(0, 0, false, "answer")),
            Map.entry("reject", new Arity(0, 1, false, "reject [busy|decline]")),
            Map.entry("hold", new Arity(0, 0, false, "hold")),
            Map.entry("resume", new Arity(0, 0, false, "resume")),
            Map.entry("mute", new Arity(0, 0, false, "mute")),
            Map.entry("unmute", new Arity(0, 0, false, "unmute")),
            Map.entry("dtmf", new Arity(1, 1, false, "dtmf DIGITS")),
            Map.entry("hangup", new Arity(0, 0, false, "hangup")),
            Map.entry("transfer", new Arity(1, 1, false, "transfer TARGET")),
            Map.entry("survey", new Arity(0, 0, false, "survey")),
            Map.entry("dial", new Arity(1, 1, false, "dial NUMBER")),
            Map.entry("click-dial", new Arity(1, 1, false, "click-dial NUMBER")),
            Map.entry("call-colleague", new Arity(1, 1, true, "call-colleague EXTENSION|NAME")),
            Map.entry("ask-help", new Arity(0, 0, false, "ask-help")),
            Map.entry("ask-help-cancel", new Arity(0, 0, false, "ask-help-cancel")),
            Map.entry("consult", new Arity(2, 2, false, "consult agent|number|queue TARGET")),
            Map.entry("consult-complete", new Arity(0, 0, false, "consult-complete")),
            Map.entry("consult-cancel", new Arity(0, 0, false, "consult-cancel")),
            Map.entry("consult-return", new Arity(0, 0, false, "consult-return")),
            Map.entry("conference", new Arity(0, 0, false, "conference")),
            Map.entry("wrapup", new Arity(1, 2, true, "wrapup CODE [NOTES]")),
            Map.entry("callback-wrapup", new Arity(3, 4, true, "callback-wrapup CODE AT NUMBER [NOTES]")),
            Map.entry("logout", new Arity(0, 0, false, "logout")),
            Map.entry("shown", new Arity(2, 2, false, "shown step|phrase|prompt ID")),
            Map.entry("recording", new Arity(0, 1, false, "recording [pause|resume]")),
            Map.entry("acknowledge", new Arity(1, 2, true, "acknowledge EVALUATION_ID [COMMENT]")),
            Map.entry("dispute", new Arity(2, 2, true, "dispute EVALUATION_ID COMMENT")),
            Map.entry("status", new Arity(0, 0, false, "status")),
            Map.entry("help", new Arity(0, 0, false, "help")),
            Map.entry("quit", new Arity(0, 0, false, "quit")));

    public static Command parse(String line) throws BadCommand {
        String trimmed = line == null ? "" : line.strip();
        if (trimmed.isEmpty()) throw new BadCommand("empty command");
        if (trimmed.length() > 4096) throw new BadCommand("command longer than 4096 characters");
        String[] head = trimmed.split("\\s+", 2);
        String verb = head[0].toLowerCase(Locale.ROOT);
        Arity a = VERBS.get(verb);
        if (a == null) throw new BadCommand("unknown command '" + truncate(head[0]) + "' (try: help)");
        String rest = head.length > 1 ? head[1].strip() : "";
        List<String> args;
        if (rest.isEmpty()) {
            args = List.of();
        } else if (a.restOfLine()) {
            args = List.of(rest.split("\\s+", a.max())); // the last argument takes the rest of the line
        } else {
            args = List.of(rest.split("\\s+"));
        }
        if (args.size() < a.min() || args.size() > a.max()) throw new BadCommand("usage: " + a.usage());
        return new Command(verb, args);
    }

    /** Every usage line, for {@code help}. */
    public static List<String> usages() {
        return VERBS.values().stream().map(Arity::usage).sorted().toList();
    }

    public String arg(int i) {
        return args.get(i);
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
