package dev.cti.config;

import dev.cti.config.schema.Val;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of the {@code qa} section that need more than one value: sums of points, unique ids, references to
 * queues, teams, users and script parts, the rating scale's order and the grades' coverage of 0..100. Like
 * {@link ConfigValidator} it runs on a possibly partly invalid tree and skips what is missing.
 */
final class QaValidator {
    private static final double EPSILON = 1e-9;

    private final ConfigValidator v;
    private final Val qa;
    private final Map<String, Val> queues;
    private final Map<String, Val> teams;
    private final Map<String, Val> users;
    private final Map<String, Set<String>> scriptParts;

    QaValidator(ConfigValidator v, Val qa, Map<String, Val> queues, Map<String, Val> teams, Map<String, Val> users,
                Map<String, Set<String>> scriptParts) {
        this.v = v;
        this.qa = qa;
        this.queues = queues;
        this.teams = teams;
        this.users = users;
        this.scriptParts = scriptParts;
    }

    void validate() {
        if (qa == null || !qa.present()) {
            return;
        }
        ratings();
        grades();
        evaluators();
        forms();
    }

    private void ratings() {
        Val r = qa.get("ratings");
        if (!r.present()) {
            return;
        }
        Val previous = null;
        for (QaConfig.Rating rating : QaConfig.Rating.values()) {
            Val cur = r.get(rating.key());
            if (cur == null || !cur.present()) {
                continue;
            }
            if (previous != null && number(cur) >= number(previous)) {
                v.error(cur, "ratings must be strictly descending from excellent to poor: " + rating.key() + " ("
                        + fmt(number(cur)) + ") is not below " + previous.path().substring(previous.path()
                        .lastIndexOf('.') + 1) + " (" + fmt(number(previous)) + ")");
            }
            previous = cur;
        }
    }

    private void grades() {
        Val list = qa.get("grades");
        v.uniqueIn(list, "id", "grade");
        List<Val> grades = new ArrayList<>();
        for (Val g : list.list()) {
            if (!g.present() || !g.get("from").present() || !g.get("to").present()) {
                return; // coverage cannot be judged on a band that did not read
            }
            if (number(g.get("from")) >= number(g.get("to"))) {
                v.error(g.get("to"), "must be above from (" + fmt(number(g.get("from"))) + ")");
                return;
            }
            grades.add(g);
        }
        if (grades.isEmpty()) {
            return;
        }
        grades.sort(Comparator.comparingDouble(g -> number(g.get("from"))));
        double covered = 0;
        for (Val g : grades) {
            double from = number(g.get("from"));
            if (from > covered + EPSILON) {
                v.error(g.get("from"), "grades leave scores from " + fmt(covered) + " to " + fmt(from)
                        + " without a grade");
            } else if (from < covered - EPSILON) {
                v.error(g.get("from"), "grade " + g.get("id").value() + " overlaps the band below it (which ends at "
                        + fmt(covered) + ")");
            }
            covered = Math.max(covered, number(g.get("to")));
        }
        Val top = grades.get(grades.size() - 1);
        if (covered < 100 - EPSILON) {
            v.error(top.get("to"), "grades leave scores from " + fmt(covered) + " to 100 without a grade");
        }
    }

    private void evaluators() {
        Map<String, Val> teamTaken = new HashMap<>();
        for (Val e : qa.get("evaluators").list()) {
            if (!e.present()) {
                continue;
            }
            Val user = e.get("user");
            v.ref(user, users, "user");
            Val userEntry = user.present() ? users.get((String) user.value()) : null;
            String role = userEntry == null || !userEntry.get("role").present() ? null : userEntry.str("role");
            if (role != null && role.equals("agent")) {
                v.error(user, "user " + user.value() + " is an agent; evaluators are users of role qa, supervisor "
                        + "or admin");
            }
            for (Val team : e.get("teams").list()) {
                v.ref(team, teams, "team");
                if (!team.present()) {
                    continue;
                }
                String t = (String) team.value();
                if (teams.containsKey(t) && userEntry != null && role != null && !role.equals("admin") && !role.equals("agent")
                        && userEntry.get("teams").list().stream().noneMatch(x -> t.equals(x.value()))) {
                    v.error(team, "user " + user.value() + " may not evaluate team " + t
                            + " (not among the user's own teams)");
                }
                Val first = teamTaken.putIfAbsent(t, team);
                if (first != null) {
                    v.error(team, "team " + t + " already has an evaluator (line " + first.line() + ")");
                }
            }
        }
    }

    private void forms() {
        Val forms = qa.get("forms");
        v.uniqueIn(forms, "id", "form");
        Map<String, Val> queueTaken = new HashMap<>();
        Val clickToDial = null;
        for (Val f : forms.list()) {
            if (!f.present()) {
                continue;
            }
            for (Val q : f.get("queues").list()) {
                v.ref(q, queues, "queue");
                if (q.present()) {
                    Val first = queueTaken.putIfAbsent((String) q.value(), q);
                    if (first != null) {
                        v.error(q, "queue " + q.value() + " is already scored by another form (line "
                                + first.line() + ")");
                    }
                }
            }
            Val dial = f.get("clickToDial");
            if (dial.present() && (Boolean) dial.value()) {
                if (clickToDial != null) {
                    v.error(dial, "click-to-dial calls are already scored by another form (line "
                            + clickToDial.line() + ")");
                } else {
                    clickToDial = dial;
                }
            }
            form(f);
        }
    }

    private void form(Val f) {
        Val sections = f.get("sections");
        v.uniqueIn(sections, "id", "section");
        v.uniqueIn(f.get("deductions"), "id", "deduction");
        Map<String, Val> itemIds = new HashMap<>();
        int total = 0;
        boolean complete = sections.present();
        for (Val s : sections.list()) {
            if (!s.present() || !s.get("points").present()) {
                complete = false;
                continue;
            }
            total += s.integer("points");
            int items = 0;
            boolean allItems = true;
            for (Val item : s.get("items").list()) {
                if (!item.present()) {
                    allItems = false;
                    continue;
                }
                Val id = item.get("id");
                if (id.present()) {
                    Val first = itemIds.putIfAbsent((String) id.value(), item);
                    if (first != null) {
                        v.error(id, "duplicate item '" + id.value() + "' (first at line " + first.get("id").line()
                                + ")");
                    }
                }
                if (item.get("points").present()) {
                    items += item.integer("points");
                } else {
                    allItems = false;
                }
                prefill(item.get("prefill"));
            }
            if (allItems && s.get("items").present() && items != s.integer("points")) {
                v.error(s.get("points"), "section " + s.get("id").value() + " has " + s.integer("points")
                        + " points but its items add up to " + items);
            }
        }
        if (complete && total != 100) {
            v.error(sections, "the sections of form " + f.get("id").value() + " add up to " + total
                    + " points; a form has 100");
        }
    }

    private void prefill(Val p) {
        if (p == null || !p.present() || !p.get("rule").present()) {
            return;
        }
        if ("step".equals(p.str("rule")) && p.get("steps").present() && p.get("steps").list().isEmpty()) {
            v.error(p.get("rule"), "rule step needs 'steps:' naming the script steps it looks for");
        }
        for (Val step : p.get("steps").list()) {
            if (step.present() && !scriptParts.get("steps").contains((String) step.value())) {
                v.error(step, "no script has a step '" + step.value() + "'");
            }
        }
        for (Val phrase : p.get("phrases").list()) {
            if (phrase.present() && !scriptParts.get("phrases").contains((String) phrase.value())) {
                v.error(phrase, "no script has a quick phrase '" + phrase.value() + "'");
            }
        }
    }

    private static double number(Val val) {
        return ((Number) val.value()).doubleValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
