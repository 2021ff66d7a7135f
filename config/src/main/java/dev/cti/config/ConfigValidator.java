package dev.cti.config;

import dev.cti.config.schema.Val;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that need more than one value: unique ids, references between sections, port clashes, files
 * that must exist. Runs on a possibly partly invalid tree (values are null where reading failed), so every
 * check skips what is missing rather than failing on it.
 */
final class ConfigValidator {
    /** Shorter SIP passwords are weak: {@code check-config} refuses them unless {@code --allow-demo}. */
    static final int MIN_SIP_PASSWORD_LENGTH = 12;
    /** The prefix of the shipped demo passwords ({@code demo-sip-1001}). */
    static final String DEMO_PREFIX = "demo-";

    private final Val root;
    private final Path dir;
    private final List<ConfigError> errors;
    private final List<ConfigError> weakSecrets;

    ConfigValidator(Val root, Path dir, List<ConfigError> errors, List<ConfigError> weakSecrets) {
        this.root = root;
        this.dir = dir;
        this.errors = errors;
        this.weakSecrets = weakSecrets;
    }

    void validate() {
        Map<String, Val> skills = unique("skills", "id", "skill");
        Map<String, Val> queues = unique("queues", "id", "queue");
        Map<String, Val> teams = unique("teams", "id", "team");
        Map<String, Val> agents = unique("agents", "id", "agent");
        unique("users", "username", "user");
        unique("trunks", "id", "trunk");
        unique("notReadyReasons", "code", "not-ready reason");
        unique("wrapUpCodes", "code", "wrap-up code");
        Map<String, Val> scripts = unique("scripts", "id", "script");
        unique("holidays", "date", "holiday");
        unique("agents", "extension", "extension");
        unique("agents", "workNumber", "work number");
        for (Val script : items("scripts")) {
            uniqueIn(script.get("steps"), "id", "step");
            uniqueIn(script.get("quickPhrases"), "id", "quick phrase");
        }

        site();
        network();
        storage();
        compliance();
        queues(queues, skills, scripts);
        for (Val agent : items("agents")) {
            ref(agent.get("team"), teams, "team");
            if (agent.get("skills").present()) {
                agent.get("skills").obj().values().forEach(level -> refKey(level, skills, "skill"));
            }
        }
        users(agents, teams);
        sipPasswords();
        for (Val code : items("wrapUpCodes")) {
            code.get("queues").list().forEach(q -> ref(q, queues, "queue"));
        }
    }

    private void site() {
        Val site = root.get("site");
        if (!site.present()) {
            return;
        }
        Val zone = site.get("timeZone");
        if (zone.present()) {
            try {
                ZoneId.of((String) zone.value());
            } catch (DateTimeException e) {
                error(zone, "must be an IANA time zone such as Asia/Shanghai, got '" + zone.value() + "'");
            }
        }
    }

    private void network() {
        Val net = root.get("network");
        if (!net.present()) {
            return;
        }
        // Ports that the same host would bind twice (UDP and TCP SIP may share a number: different protocols).
        Map<Integer, Val> tcpPorts = new HashMap<>();
        for (String[] listener : new String[][] {
                {"server", "httpPort"}, {"gatewayAdmin", "httpPort"}, {"ctiLink", "port"}, {"sip", "tcpPort"}}) {
            Val section = net.get(listener[0]);
            if (!section.present() || !section.get(listener[1]).present()) {
                continue;
            }
            Val port = section.get(listener[1]);
            int p = (Integer) port.value();
            if (p == 0) {
                continue;
            }
            Val first = tcpPorts.putIfAbsent(p, port);
            if (first != null) {
                error(port, "port " + p + " is already used by " + first.path() + " (line " + first.line() + ")");
            }
        }
        Val sip = net.get("sip");
        if (sip.present() && sip.get("udpPort").present() && sip.get("tcpPort").present()
                && (Integer) sip.get("udpPort").value() == 0 && (Integer) sip.get("tcpPort").value() == 0) {
            error(sip.get("udpPort"), "at least one of udpPort and tcpPort must be non-zero");
        }
        if (sip.present() && sip.get("registerMinExpiresSeconds").present() && sip.get("registerMaxExpiresSeconds").present()
                && sip.integer("registerMinExpiresSeconds") > sip.integer("registerMaxExpiresSeconds")) {
            error(sip.get("registerMaxExpiresSeconds"), "must not be below registerMinExpiresSeconds ("
                    + sip.integer("registerMinExpiresSeconds") + ")");
        }
        Val rtp = net.get("rtp");
        if (rtp.present() && rtp.get("portMin").present() && rtp.get("portMax").present()) {
            int min = rtp.integer("portMin");
            int max = rtp.integer("portMax");
            if (min % 2 != 0) {
                error(rtp.get("portMin"), "must be even (RTP on even ports, RTCP on the odd one above), got " + min);
            }
            if (max - min < 3) {
                error(rtp.get("portMax"), "must be at least portMin + 3 (" + (min + 3) + "), got " + max);
            }
        }
    }

    private void storage() {
        Val url = root.get("storage").present() ? root.get("storage").get("postgresUrl") : null;
        if (url != null && url.present() && !((String) url.value()).startsWith("jdbc:postgresql://")) {
            error(url, "must be a PostgreSQL JDBC URL starting with jdbc:postgresql://");
        }
    }

    private void compliance() {
        Val c = root.get("compliance");
        if (!c.present()) {
            return;
        }
        List<Val> thresholds = c.get("holdThresholdsSeconds").list();
        for (int i = 1; i < thresholds.size(); i++) {
            Val prev = thresholds.get(i - 1);
            Val cur = thresholds.get(i);
            if (prev.present() && cur.present() && (Integer) cur.value() <= (Integer) prev.value()) {
                error(cur, "thresholds must be ascending: " + cur.value() + " does not exceed " + prev.value());
            }
        }
    }

    private void queues(Map<String, Val> queues, Map<String, Val> skills, Map<String, Val> scripts) {
        Map<String, Val> numbers = new HashMap<>();
        for (Val q : items("queues")) {
            for (Val n : q.get("numbers").list()) {
                if (!n.present()) {
                    continue;
                }
                Val first = numbers.putIfAbsent((String) n.value(), n);
                if (first != null) {
                    error(n, "number " + n.value() + " already reaches " + first.path().replaceFirst("\\.numbers.*", "")
                            + " (line " + first.line() + ")");
                }
            }
            if (q.get("requiredSkills").present()) {
                q.get("requiredSkills").obj().values().forEach(level -> refKey(level, skills, "skill"));
            }
            ref(q.get("script"), scripts, "script");
            Val overflow = q.get("overflow");
            if (overflow.present()) {
                ref(overflow.get("queue"), queues, "queue");
                if (overflow.get("queue").present() && overflow.get("queue").value().equals(q.get("id").value())) {
                    error(overflow.get("queue"), "a queue cannot overflow to itself");
                }
                Val after = overflow.get("afterSeconds");
                if (after.present() && q.get("maxWaitSeconds").present()
                        && (Integer) after.value() > q.integer("maxWaitSeconds")) {
                    error(after, "must not exceed maxWaitSeconds (" + q.integer("maxWaitSeconds") + ")");
                }
            }
            Val prompts = q.get("prompts");
            if (prompts.present()) {
                file(prompts.get("greeting"));
                file(prompts.get("music"));
            }
            Val required = q.get("wrapUpCodeRequired");
            if (required.present() && (Boolean) required.value() && q.get("id").present()) {
                boolean any = items("wrapUpCodes").stream().anyMatch(c -> c.get("queues").list().isEmpty()
                        || c.get("queues").list().stream().anyMatch(v -> q.get("id").value().equals(v.value())));
                if (!any) {
                    error(required, "queue " + q.get("id").value()
                            + " requires a wrap-up code but no wrap-up code applies to it");
                }
            }
        }
    }

    private void users(Map<String, Val> agents, Map<String, Val> teams) {
        Map<String, Val> seatUsers = new HashMap<>();
        for (Val u : items("users")) {
            Val hash = u.get("passwordHash");
            if (hash.present()) {
                String problem = PasswordHash.problem((String) hash.value());
                if (problem != null) {
                    error(hash, problem);
                }
            }
            Val role = u.get("role");
            Val agent = u.get("agent");
            ref(agent, agents, "agent");
            if (agent.present()) {
                Val first = seatUsers.putIfAbsent((String) agent.value(), agent);
                if (first != null) {
                    error(agent, "agent " + agent.value() + " is already worked by " + first.path()
                            + " (line " + first.line() + ")");
                }
            }
            u.get("teams").list().forEach(t -> ref(t, teams, "team"));
            if (!role.present()) {
                continue;
            }
            if ("agent".equals(role.value()) && !agent.present()) {
                error(role, "a user with role agent needs 'agent:' naming the agent seat they work");
            }
            if ("supervisor".equals(role.value()) && u.get("teams").list().isEmpty()) {
                error(role, "a supervisor needs 'teams:' listing the teams they may monitor");
            }
        }
    }

    /**
     * Demo and short SIP passwords (issue 13): not mistakes of the configuration's shape, so not errors, but
     * {@code check-config} refuses them unless told {@code --allow-demo}. A guessed SIP password lets anyone take an
     * agent's calls.
     */
    private void sipPasswords() {
        for (Val agent : items("agents")) {
            Val pw = agent.get("sipPassword");
            if (!pw.present()) {
                continue;
            }
            String p = (String) pw.value();
            if (p.startsWith(DEMO_PREFIX)) {
                weakSecrets.add(new ConfigError(pw.file(), pw.line(), pw.path(),
                        "a demo password ('" + DEMO_PREFIX + "...'): give every extension a long random one"));
            } else if (p.length() < MIN_SIP_PASSWORD_LENGTH) {
                weakSecrets.add(new ConfigError(pw.file(), pw.line(), pw.path(), "shorter than "
                        + MIN_SIP_PASSWORD_LENGTH + " characters: give every extension a long random one"));
            }
        }
    }

    private void file(Val path) {
        if (!path.present()) {
            return;
        }
        Path p = dir.resolve((String) path.value()).normalize();
        if (!Files.isRegularFile(p)) {
            error(path, "file not found: " + p);
        }
    }

    /** Values of a section's entries keyed by {@code key}; a repeated key is an error at the repeat. */
    private Map<String, Val> unique(String section, String key, String what) {
        return uniqueIn(root.get(section), key, what);
    }

    private Map<String, Val> uniqueIn(Val list, String key, String what) {
        Map<String, Val> seen = new HashMap<>();
        if (list == null) {
            return seen;
        }
        for (Val item : list.list()) {
            if (!item.present() || !item.get(key).present()) {
                continue;
            }
            Val v = item.get(key);
            Val first = seen.putIfAbsent(String.valueOf(v.value()), item);
            if (first != null) {
                error(v, "duplicate " + what + " '" + v.value() + "' (first at line " + first.get(key).line() + ")");
            }
        }
        return seen;
    }

    private List<Val> items(String section) {
        return root.get(section).list().stream().filter(Val::present).toList();
    }

    private void ref(Val v, Map<String, Val> targets, String what) {
        if (v != null && v.present() && !targets.containsKey(String.valueOf(v.value()))) {
            error(v, "unknown " + what + " '" + v.value() + "'" + known(targets));
        }
    }

    /** A reference held by a map key (skill id → level): the Val is the level, its path ends with the key. */
    private void refKey(Val level, Map<String, Val> targets, String what) {
        String key = level.path().substring(level.path().lastIndexOf('.') + 1);
        if (!targets.containsKey(key)) {
            error(level, "unknown " + what + " '" + key + "'" + known(targets));
        }
    }

    private static String known(Map<String, Val> targets) {
        Set<String> names = new HashSet<>(targets.keySet());
        return names.isEmpty() ? " (none are defined)" : "; defined: " + String.join(", ", names.stream().sorted().toList());
    }

    private void error(Val at, String message) {
        errors.add(new ConfigError(at.file(), at.line(), at.path(), message));
    }
}
