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
        Map<String, Val> users = unique("users", "username", "user");
        unique("trunks", "id", "trunk");
        unique("notReadyReasons", "code", "not-ready reason");
        Map<String, Val> codes = unique("wrapUpCodes", "code", "wrap-up code");
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
        Map<String, Val> queueNumbers = queues(queues, skills, scripts);
        new CampaignValidator(this, root.get("outbound")).validate(queues, teams, scripts, codes);
        for (Val agent : items("agents")) {
            ref(agent.get("team"), teams, "team");
            if (agent.get("skills").present()) {
                agent.get("skills").obj().values().forEach(level -> refKey(level, skills, "skill"));
            }
        }
        users(agents, teams);
        for (Val team : items("teams")) {
            shift(team.get("shift"));
        }
        Val recording = root.get("recording");
        if (recording.present() && recording.get("queues").present()) {
            recording.get("queues").obj().values().forEach(policy -> refKey(policy, queues, "queue"));
        }
        sipPasswords();
        trunkTls();
        for (Val code : items("wrapUpCodes")) {
            code.get("queues").list().forEach(q -> ref(q, queues, "queue"));
        }
        new MenuValidator(this, root.get("menus"), queues, queueNumbers).validate();
        new QaValidator(this, root.get("qa"), queues, teams, users, scriptParts())
                .validate();
    }

    /** Every step id and every quick-phrase id of every script (the QA pre-fill rules name them). */
    private Map<String, Set<String>> scriptParts() {
        Set<String> steps = new HashSet<>();
        Set<String> phrases = new HashSet<>();
        for (Val script : items("scripts")) {
            script.get("steps").list().stream().filter(Val::present).filter(st -> st.get("id").present())
                    .forEach(st -> steps.add(st.str("id")));
            script.get("quickPhrases").list().stream().filter(Val::present).filter(ph -> ph.get("id").present())
                    .forEach(ph -> phrases.add(ph.str("id")));
        }
        return Map.of("steps", steps, "phrases", phrases);
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
        Val server = net.get("server");
        Val https = server.present() ? server.get("https") : null;
        if (https != null && https.present() && https.get("port").present() && https.integer("port") != 0) {
            Val first = tcpPorts.putIfAbsent(https.integer("port"), https.get("port"));
            if (first != null) {
                error(https.get("port"), "port " + https.integer("port") + " is already used by " + first.path()
                        + " (line " + first.line() + ")");
            }
        }
        plainHttpOnLoopback(server);
        Val login = server.present() ? server.get("login") : null;
        if (login != null && login.present() && login.get("lockoutSeconds").present()
                && login.get("maxLockoutSeconds").present()
                && login.integer("maxLockoutSeconds") < login.integer("lockoutSeconds")) {
            error(login.get("maxLockoutSeconds"), "must not be below lockoutSeconds (" + login.integer("lockoutSeconds")
                    + ")");
        }
        if (https != null && https.present()) {
            pemPair(https, "certFile", "keyFile");
        }
        ctiLinkPem(net.get("ctiLink"));
        linkAlternates(net.get("ctiLink"));
        Val sip = net.get("sip");
        Val sipTls = sip.present() ? sip.get("tls") : null;
        if (sipTls != null && sipTls.present()) {
            pemPair(sipTls, "certFile", "keyFile");
            if (sipTls.get("port").present() && sipTls.integer("port") != 0) {
                Val first = tcpPorts.putIfAbsent(sipTls.integer("port"), sipTls.get("port"));
                if (first != null) {
                    error(sipTls.get("port"), "port " + sipTls.integer("port") + " is already used by " + first.path()
                            + " (line " + first.line() + ")");
                }
            }
        }
        Val sipWs = sip.present() ? sip.get("ws") : null;
        if (sipWs != null && sipWs.present()) {
            for (String name : List.of("port", "wssPort")) {
                Val port = sipWs.get(name);
                if (port != null && port.present() && port.value() instanceof Integer n && n != 0) {
                    Val first = tcpPorts.putIfAbsent(n, port);
                    if (first != null) {
                        error(port, "port " + n + " is already used by " + first.path()
                                + " (line " + first.line() + ")");
                    }
                }
            }
        }
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

    /**
     * A TLS trunk names the CA of its certificate (the gateway trusts nothing else for it), and TLS must be on; a
     * caFile on a UDP/TCP trunk would be ignored, so it is a mistake too.
     */
    private void trunkTls() {
        Val net = root.get("network");
        Val tls = net.present() && net.get("sip").present() ? net.get("sip").get("tls") : null;
        boolean tlsOff = tls != null && tls.present() && tls.get("port").present() && tls.integer("port") == 0;
        for (Val trunk : items("trunks")) {
            Val transport = trunk.get("transport");
            Val ca = trunk.get("caFile");
            boolean isTls = transport.present() && "tls".equals(transport.value());
            if (isTls && !ca.present()) {
                error(transport, "transport tls needs caFile: the CA that issued the trunk's certificate");
            }
            if (isTls && tlsOff) {
                error(transport, "transport tls needs network.sip.tls.port (it is 0: TLS is off)");
            }
            if (ca.present()) {
                if (!isTls) {
                    error(ca, "caFile is only used with transport tls");
                } else {
                    pemFile(ca, "CERTIFICATE");
                }
            }
        }
    }

    /** Nothing crosses a network in clear: plain HTTP may listen on a loopback address only. */
    private void plainHttpOnLoopback(Val server) {
        if (server == null || !server.present() || !server.get("host").present()) {
            return;
        }
        Val host = server.get("host");
        if (!isLoopback((String) host.value())) {
            error(host, "plain HTTP is allowed on a loopback address only (127.0.0.1, ::1, localhost), got '"
                    + host.value() + "'; serve other machines over HTTPS: network.server.https.host");
        }
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    }

    /**
     * The link's PEM files: each certificate with its key; a CA with at least one of them, and none of them
     * without the CA (a certificate alone could not check the peer's).
     */
    private void ctiLinkPem(Val link) {
        if (link == null || !link.present()) {
            return;
        }
        boolean server = pemPair(link, "serverCertFile", "serverKeyFile");
        boolean gateway = pemPair(link, "gatewayCertFile", "gatewayKeyFile");
        Val ca = link.get("caFile");
        if (ca.present()) {
            pemFile(ca, "CERTIFICATE");
            if (!server && !gateway) {
                error(ca, "caFile needs this host's own certificate as well: serverCertFile and serverKeyFile (the "
                        + "server), gatewayCertFile and gatewayKeyFile (the gateway), or both");
            }
        } else {
            for (String key : new String[] {"serverCertFile", "gatewayCertFile"}) {
                if (link.get(key).present()) {
                    error(link.get(key), "needs caFile, the CA that issued the peer's certificate (without PEM files "
                            + "both sides use the CA generated in storage.dataDir/pki)");
                }
            }
        }
    }

    /** A certificate file and its key file, both or neither; true when both are given. */
    private boolean pemPair(Val section, String certKey, String keyKey) {
        Val cert = section.get(certKey);
        Val key = section.get(keyKey);
        if (cert.present() != key.present()) {
            Val given = cert.present() ? cert : key;
            error(given, (cert.present() ? keyKey : certKey) + " is required with " + (cert.present() ? certKey : keyKey));
            return false;
        }
        if (!cert.present()) {
            return false;
        }
        pemFile(cert, "CERTIFICATE");
        pemFile(key, "PRIVATE KEY");
        return true;
    }

    /** The file exists and holds a PEM block of this kind (full parsing happens at start). */
    private void pemFile(Val path, String kind) {
        Path p = dir.resolve((String) path.value()).normalize();
        if (!Files.isRegularFile(p)) {
            error(path, "file not found: " + p);
            return;
        }
        try {
            String text = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!text.matches("(?s).*-----BEGIN [A-Z ]*" + kind + "-----.*")) {
                error(path, p + " holds no PEM " + kind + " (-----BEGIN " + kind + "-----)");
            }
        } catch (java.io.IOException e) {
            error(path, "cannot read " + p + ": " + e.getMessage());
        }
    }

    private void storage() {
        Val url = root.get("storage").present() ? root.get("storage").get("postgresUrl") : null;
        if (url != null && url.present() && !((String) url.value()).startsWith("jdbc:postgresql://")) {
            error(url, "must be a PostgreSQL JDBC URL starting with jdbc:postgresql://");
        }
        Val failover = root.get("storage").present() ? root.get("storage").get("failover") : null;
        Val enabled = failover != null && failover.present() ? failover.get("enabled") : null;
        if (enabled != null && Boolean.TRUE.equals(enabled.value()) && (url == null || !url.present())) {
            error(enabled, "failover needs storage.postgresUrl: the nodes share one PostgreSQL and its owner lock "
                    + "(docs/CLUSTER.md)");
        }
    }

    /** {@code network.ctiLink.alternates}: each HOST:PORT with a port in 1..65535. */
    private void linkAlternates(Val link) {
        if (link == null || !link.present()) {
            return;
        }
        for (Val a : link.get("alternates").list()) {
            if (!a.present() || !(a.value() instanceof String text)) {
                continue;
            }
            int colon = text.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (colon <= 0 || port < 1 || port > 65_535) {
                error(a, "must be HOST:PORT with a port from 1 to 65535, e.g. 10.0.0.12:7070");
            }
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

    /** The queues' checks; answers every queue number, to its value (menus may not use them). */
    private Map<String, Val> queues(Map<String, Val> queues, Map<String, Val> skills, Map<String, Val> scripts) {
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
            Val survey = q.get("survey");
            if (survey.present()) {
                file(survey.get("prompt"));
                file(survey.get("thankYouPrompt"));
                Val from = survey.get("satisfiedFrom");
                int top = survey.get("keys").list().stream().mapToInt(k -> Integer.parseInt(k.value().toString()))
                        .max().orElse(9);
                if (from.present() && (Integer) from.value() > top) {
                    error(from, "no rating reaches it: the highest key is " + top);
                }
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
        return numbers;
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
            if ("qa".equals(role.value()) && u.get("teams").list().isEmpty()) {
                error(role, "a qa user needs 'teams:' listing the teams whose calls they evaluate");
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

    void file(Val path) {
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

    Map<String, Val> uniqueIn(Val list, String key, String what) {
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

    void ref(Val v, Map<String, Val> targets, String what) {
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

    static String known(Map<String, Val> targets) {
        Set<String> names = new HashSet<>(targets.keySet());
        return names.isEmpty() ? " (none are defined)" : "; defined: " + String.join(", ", names.stream().sorted().toList());
    }

    /** A team's shift: on quarter hours (the report intervals), start before end. */
    private void shift(Val shift) {
        if (shift == null || !shift.present()) {
            return;
        }
        Val start = shift.get("start");
        Val end = shift.get("end");
        for (Val t : List.of(start, end)) {
            if (t.present() && ((java.time.LocalTime) t.value()).getMinute() % 15 != 0) {
                error(t, "must be on a quarter hour (HH:00, HH:15, HH:30 or HH:45): reports count in 15-minute intervals");
            }
        }
        if (start.present() && end.present()
                && !((java.time.LocalTime) start.value()).isBefore((java.time.LocalTime) end.value())) {
            error(end, "must be after start (a shift ends on the day it starts)");
        }
    }

    void error(Val at, String message) {
        errors.add(new ConfigError(at.file(), at.line(), at.path(), message));
    }
}
