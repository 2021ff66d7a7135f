package dev.cti.config;

import dev.cti.config.schema.Val;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of the {@code menus} section that need more than one value (issue 17): unique ids, numbers that reach
 * one queue or menu only, unique digits, targets that exist, prompt files that exist, every menu leading somewhere
 * through its options (no loop without an exit), no menu nobody reaches, and the refused {@code callback} action.
 * Like {@link ConfigValidator} it runs on a possibly partly invalid tree and skips what is missing.
 */
final class MenuValidator {
    private final ConfigValidator v;
    private final List<Val> menus;
    private final Map<String, Val> queues;
    private final Map<String, Val> queueNumbers;

    /** @param queueNumbers every number a queue has, to the value naming it */
    MenuValidator(ConfigValidator v, Val menus, Map<String, Val> queues, Map<String, Val> queueNumbers) {
        this.v = v;
        this.menus = menus == null ? List.of() : menus.list().stream().filter(Val::present).toList();
        this.queues = queues;
        this.queueNumbers = queueNumbers;
    }

    void validate() {
        Map<String, Val> byId = v.uniqueIn(new Val(menus, "", 0, "menus"), "id", "menu");
        Map<String, Val> numbers = new HashMap<>();
        Set<String> referenced = new HashSet<>();
        for (Val m : menus) {
            for (Val n : m.get("numbers").list()) {
                if (!n.present()) {
                    continue;
                }
                Val queue = queueNumbers.get((String) n.value());
                Val first = numbers.putIfAbsent((String) n.value(), n);
                if (queue != null) {
                    v.error(n, "number " + n.value() + " already reaches a queue (" + queue.path().replaceFirst(
                            "\\.numbers.*", "") + ", " + queue.file() + " line " + queue.line() + "): a number leads "
                            + "to one queue or one menu");
                } else if (first != null) {
                    v.error(n, "number " + n.value() + " already leads to " + first.path().replaceFirst("\\.numbers.*",
                            "") + " (line " + first.line() + ")");
                }
            }
            for (String prompt : List.of("prompt", "invalidPrompt", "timeoutPrompt", "goodbyePrompt")) {
                v.file(m.get(prompt));
            }
            v.uniqueIn(m.get("options"), "digit", "digit");
            for (Val o : m.get("options").list()) {
                action(o, byId, referenced);
            }
            action(m.get("fallback"), byId, referenced);
            hours(m.get("hours"), byId, referenced);
        }
        for (Val q : queues.values()) {
            if (q.get("hours").present()) { // a queue's business hours are checked as a menu's
                hours(q.get("hours"), byId, referenced);
                v.file(q.get("hours").get("goodbyePrompt"));
            }
        }
        exits(byId);
        for (Val m : menus) {
            if (m.get("id").present() && m.get("numbers").list().isEmpty() && !referenced.contains(m.str("id"))) {
                v.error(m.get("id"), "menu " + m.str("id") + " has no numbers and no menu leads to it: nobody can "
                        + "reach it");
            }
        }
    }

    private void action(Val a, Map<String, Val> menusById, Set<String> referenced) {
        if (a == null || !a.present() || !a.get("action").present()) {
            return;
        }
        String kind = a.str("action");
        Val target = a.get("target");
        switch (kind) {
            case "callback" -> {
                if (!target.present()) {
                    v.error(a.get("action"), "callback needs a target (a queue id whose callback offer it uses)");
                } else {
                    v.ref(target, queues, "queue");
                    Val queue = queues.get(String.valueOf(target.value()));
                    if (queue != null && !queue.get("callback").present()) {
                        v.error(target, "queue " + target.value() + " has no callback offer: add callback to it");
                    }
                }
            }
            case "hangup" -> {
                if (target.present()) {
                    v.error(target, "hangup takes no target (it plays the menu's goodbyePrompt)");
                }
            }
            default -> {
                if (!target.present()) {
                    v.error(a.get("action"), kind + " needs a target (" + switch (kind) {
                        case "queue" -> "a queue id";
                        case "menu" -> "a menu id";
                        default -> "the message's WAV file";
                    } + ")");
                } else if (kind.equals("queue")) {
                    v.ref(target, queues, "queue");
                } else if (kind.equals("menu")) {
                    v.ref(target, menusById, "menu");
                    referenced.add((String) target.value());
                } else {
                    v.file(target);
                }
            }
        }
    }

    private void hours(Val h, Map<String, Val> menusById, Set<String> referenced) {
        if (h == null || !h.present()) {
            return;
        }
        v.file(h.get("closedPrompt"));
        Val closed = h.get("closedAction");
        if (closed.present() && closed.get("action").present()
                && List.of("queue", "menu").contains(closed.str("action"))) {
            v.error(closed.get("action"), "outside business hours the caller gets a message or hangup (a queue or "
                    + "menu would be open after all)");
        } else {
            action(closed, menusById, referenced);
        }
        for (Val p : h.get("periods").list()) {
            if (p.present() && p.get("open").present() && p.get("close").present()
                    && !((LocalTime) p.get("open").value()).isBefore((LocalTime) p.get("close").value())) {
                v.error(p.get("close"), "must be after open (a period ends on the day it starts)");
            }
        }
    }

    /**
     * Every menu must reach a queue, a message or hangup through its options, directly or through other menus: the
     * menus that do are found by a fixed point; each one that does not is a loop without an exit.
     */
    private void exits(Map<String, Val> byId) {
        Set<String> exit = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Val m : menus) {
                if (m.get("id").present() && !exit.contains(m.str("id")) && leadsOut(m, exit)) {
                    exit.add(m.str("id"));
                    grew = true;
                }
            }
        }
        List<String> stuck = new ArrayList<>();
        for (Val m : menus) {
            if (m.get("id").present() && !exit.contains(m.str("id")) && byId.get(m.str("id")) == m) {
                stuck.add(m.str("id"));
            }
        }
        for (String id : stuck) {
            v.error(byId.get(id).get("id"), "menu " + id + " never leads to a queue, a message or hangup: its options "
                    + "only go round the menus " + String.join(", ", stuck));
        }
    }

    private static boolean leadsOut(Val menu, Set<String> exit) {
        for (Val o : menu.get("options").list()) {
            if (!o.present() || !o.get("action").present()) {
                return true; // already an error of its own: do not pile a second one on
            }
            String kind = o.str("action");
            if (!kind.equals("menu") || o.get("target").present() && exit.contains((String) o.get("target").value())) {
                return true;
            }
        }
        return false;
    }
}
