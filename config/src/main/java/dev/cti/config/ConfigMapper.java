package dev.cti.config;

import dev.cti.config.schema.Val;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Turns a validated {@link Val} tree into the immutable records. Only called when there are no errors. */
final class ConfigMapper {
    private final Path dir;
    private final String defaultLanguage;

    private ConfigMapper(Path dir, String defaultLanguage) {
        this.dir = dir;
        this.defaultLanguage = defaultLanguage;
    }

    static CtiConfig map(Val root, Path dir) {
        Val site = root.get("site");
        ConfigMapper m = new ConfigMapper(dir, site.str("defaultLanguage"));
        return new CtiConfig(
                new SiteConfig(localized(site.get("company")), site.str("defaultLanguage"), site.str("timeZone")),
                m.network(root.get("network")),
                m.storage(root.get("storage")),
                m.compliance(root.get("compliance")),
                monitoring(root.get("monitoring")),
                recording(root.get("recording")),
                list(root.get("trunks"), m::trunk),
                list(root.get("skills"), v -> new SkillConfig(v.str("id"), localized(v.get("name")))),
                list(root.get("queues"), m::queue),
                list(root.get("teams"), ConfigMapper::team),
                list(root.get("agents"), m::agent),
                list(root.get("users"), ConfigMapper::user),
                list(root.get("notReadyReasons"), v -> new ReasonCode(v.str("code"), localized(v.get("label")))),
                list(root.get("wrapUpCodes"), ConfigMapper::wrapUp),
                list(root.get("scripts"), ConfigMapper::script),
                list(root.get("holidays"), v -> new Holiday((LocalDate) v.get("date").value(), localized(v.get("name")))),
                QaMapper.qa(root.get("qa")),
                dialing(root.get("dialing")),
                reports(root.get("reports")),
                m.menus(root),
                followUps(root.get("followUps")),
                outbound(root.get("outbound")));
    }

    /** The menus, then each queue's business hours as a menu ({@link MenuConfig#forQueueHours}). */
    private List<MenuConfig> menus(Val root) {
        List<MenuConfig> out = new java.util.ArrayList<>(list(root.get("menus"), this::menu));
        for (Val q : root.get("queues").list()) {
            Val hours = q.get("hours");
            if (hours.present()) {
                out.add(MenuConfig.forQueueHours(queue(q), hours(hours).orElseThrow(),
                        resolve(hours.str("goodbyePrompt"))));
            }
        }
        return List.copyOf(out);
    }

    private Optional<BusinessHours> hours(Val hours) {
        return hours.present() ? Optional.of(new BusinessHours(list(hours.get("periods"), p -> new BusinessHours.Period(
                weekdays(p.get("days")), (java.time.LocalTime) p.get("open").value(),
                (java.time.LocalTime) p.get("close").value())), resolve(hours.str("closedPrompt")),
                action(hours.get("closedAction")))) : Optional.empty();
    }

    private MenuConfig menu(Val m) {
        return new MenuConfig(m.str("id"), strings(m.get("numbers")), opt(m.get("language")).orElse(defaultLanguage),
                resolve(m.str("prompt")), m.integer("timeoutSeconds"), m.integer("retries"),
                resolve(m.str("invalidPrompt")), resolve(m.str("timeoutPrompt")), resolve(m.str("goodbyePrompt")),
                list(m.get("options"), o -> new MenuConfig.Option(o.str("digit").charAt(0), action(o))),
                action(m.get("fallback")), hours(m.get("hours")));
    }

    /** An action or an option (both have action and target); a message's target is a file. */
    private MenuConfig.Action action(Val a) {
        MenuConfig.Kind kind = MenuConfig.Kind.valueOf(a.str("action").toUpperCase(Locale.ROOT));
        String target = opt(a.get("target")).orElse(null);
        return new MenuConfig.Action(kind, kind == MenuConfig.Kind.MESSAGE ? resolve(target) : target);
    }

    private NetworkConfig network(Val n) {
        Val server = n.get("server");
        Val sip = n.get("sip");
        Val rtp = n.get("rtp");
        Val link = n.get("ctiLink");
        Val admin = n.get("gatewayAdmin");
        return new NetworkConfig(
                new NetworkConfig.Server(server.str("host"), server.integer("httpPort"), strings(server.get("allowedOrigins")),
                        https(server.get("https")), login(server.get("login")), sessions(server.get("sessions")),
                        server.integer("customerLookupsPerMinute"), server.integer("requestTimeoutSeconds")),
                new NetworkConfig.Sip(sip.str("host"), sip.integer("udpPort"), sip.integer("tcpPort"), sip.str("domain"),
                        sip.integer("maxCalls"), sip.integer("maxRequestsPerSecondPerSource"),
                        sip.integer("sessionExpiresSeconds"), sip.integer("registerMinExpiresSeconds"),
                        sip.integer("registerMaxExpiresSeconds"), strings(sip.get("md5OnlyUserAgents")),
                        registrar(sip.get("registrar")), sipTls(sip.get("tls")), sipWs(sip.get("ws"))),
                new NetworkConfig.Rtp(rtp.str("host"), rtp.integer("portMin"), rtp.integer("portMax"),
                        rtp.integer("inactivitySeconds"), rtp.str("transport")),
                new NetworkConfig.CtiLink(link.str("host"), link.integer("port"), opt(link.get("caFile")).map(this::path),
                        pair(link, "serverCertFile", "serverKeyFile"), pair(link, "gatewayCertFile", "gatewayKeyFile"),
                        link.integer("replayBufferEvents"), strings(link.get("alternates"))),
                new NetworkConfig.GatewayAdmin(admin.str("host"), admin.integer("httpPort"),
                        admin.integer("drainTimeoutSeconds")));
    }

    private static NetworkConfig.Login login(Val l) {
        return new NetworkConfig.Login(l.integer("maxFailuresPerUser"), l.integer("maxFailuresPerAddress"),
                l.integer("failureWindowSeconds"), l.integer("lockoutSeconds"), l.integer("maxLockoutSeconds"),
                l.integer("hashThreads"), l.integer("maxWaiting"));
    }

    private static NetworkConfig.Sessions sessions(Val s) {
        return new NetworkConfig.Sessions(s.integer("ttlHours"), s.integer("maxSocketsPerSession"),
                s.integer("socketBufferKilobytes"));
    }

    private NetworkConfig.Tls sipTls(Val t) {
        return new NetworkConfig.Tls(t.integer("port"), pair(t, "certFile", "keyFile"), strings(t.get("names")),
                NetworkConfig.Tls.Srtp.valueOf(t.str("srtp").toUpperCase(Locale.ROOT)));
    }

    private static NetworkConfig.Ws sipWs(Val w) {
        return new NetworkConfig.Ws(w.integer("port"), w.integer("wssPort"), opt(w.get("url")).orElse(""));
    }

    private NetworkConfig.Https https(Val h) {
        return new NetworkConfig.Https(h.str("host"), h.integer("port"), pair(h, "certFile", "keyFile"),
                strings(h.get("names")));
    }

    /** A certificate and key given together (the validator refused one without the other). */
    private Optional<NetworkConfig.PemPair> pair(Val v, String cert, String key) {
        return opt(v.get(cert)).map(c -> new NetworkConfig.PemPair(path(c), path(v.str(key))));
    }

    private Path path(String file) {
        return dir.resolve(file).toAbsolutePath().normalize();
    }

    private static NetworkConfig.Registrar registrar(Val r) {
        return new NetworkConfig.Registrar(r.integer("maxBindingsPerExtension"), r.integer("lockoutFailures"),
                r.integer("lockoutWindowSeconds"), r.integer("lockoutSeconds"));
    }

    private static TeamConfig team(Val t) {
        Optional<TeamConfig.Shift> shift = Optional.empty();
        Val s = t.get("shift");
        if (s.present()) {
            shift = Optional.of(new TeamConfig.Shift((java.time.LocalTime) s.get("start").value(),
                    (java.time.LocalTime) s.get("end").value(), weekdays(s.get("days"))));
        }
        return new TeamConfig(t.str("id"), localized(t.get("name")), shift);
    }

    private static OutboundConfig outbound(Val o) {
        return new OutboundConfig(opt(o.get("script")), list(o.get("campaigns"), ConfigMapper::campaign),
                o.integer("holdMinutes"));
    }

    /** One campaign: of the configuration file, or created in the browser ({@link CampaignDefinition}). */
    static OutboundConfig.Campaign campaign(Val c) {
        Val h = c.get("callingHours");
        java.util.Map<String, OutboundConfig.Retry> retries = new java.util.HashMap<>();
        c.get("retries").obj().forEach((code, r) -> retries.put(code,
                new OutboundConfig.Retry(r.integer("count"), r.integer("spacingMinutes"))));
        return new OutboundConfig.Campaign(c.str("id"), localized(c.get("name")), opt(c.get("queue")),
                opt(c.get("team")), c.str("script"), strings(c.get("outcomes")),
                new OutboundConfig.CallingHours((java.time.LocalTime) h.get("start").value(),
                        (java.time.LocalTime) h.get("end").value(), weekdays(h.get("days"))),
                retries, java.util.Set.copyOf(strings(c.get("doNotCall"))));
    }

    private static java.util.Set<java.time.DayOfWeek> weekdays(Val v) {
        java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        for (String d : strings(v)) {
            days.add(java.util.Arrays.stream(java.time.DayOfWeek.values())
                    .filter(w -> w.name().toLowerCase(Locale.ROOT).startsWith(d)).findFirst().orElseThrow());
        }
        return days;
    }

    private static ReportsConfig reports(Val r) {
        return new ReportsConfig(r.integer("refreshSeconds"), r.integer("lateMarginSeconds"),
                r.integer("openRowFlushSeconds"), r.integer("repeatCallHours"), optDouble(r.get("agentHourCost")), optDouble(r.get("trunkMinuteCost")),
                r.str("currency"));
    }

    private static FollowUpConfig followUps(Val f) {
        return new FollowUpConfig(f.integer("callbackHorizonDays"), f.integer("callbackRetries"),
                f.integer("callbackRetryMinutes"), f.integer("callbackOverdueMinutes"), f.integer("complaintDueHours"),
                f.integer("complaintCloseWorkingDays"), strings(f.get("complaintLevels")));
    }

    private static Optional<Double> optDouble(Val v) {
        return v.present() ? Optional.of(((Number) v.value()).doubleValue()) : Optional.empty();
    }

    private static DialingConfig dialing(Val d) {
        return new DialingConfig(roles(d.get("dialOutRoles")), roles(d.get("transferOutRoles")));
    }

    private static java.util.Set<UserConfig.Role> roles(Val v) {
        java.util.Set<UserConfig.Role> set = java.util.EnumSet.noneOf(UserConfig.Role.class);
        strings(v).forEach(r -> set.add(UserConfig.Role.valueOf(r.toUpperCase(Locale.ROOT))));
        return set;
    }

    private StorageConfig storage(Val s) {
        return new StorageConfig(s.str("dataDir"), opt(s.get("postgresUrl")), opt(s.get("postgresUser")),
                opt(s.get("postgresPassword")), s.integer("poolSize"), s.integer("connectionTimeoutSeconds"),
                s.integer("writeQueueCapacity"), s.integer("maxWritesPerCommit"), s.integer("retrySeconds"),
                s.integer("restoreGraceSeconds"), failover(s.get("failover")));
    }

    private static StorageConfig.Failover failover(Val f) {
        return new StorageConfig.Failover(f.bool("enabled"), f.str("nodeId"), f.integer("checkMillis"));
    }

    private ComplianceConfig compliance(Val c) {
        return new ComplianceConfig(c.integer("ringTargetRings"), c.number("ringCadenceSeconds"),
                list(c.get("holdThresholdsSeconds"), v -> (Integer) v.value()), c.integer("waitReassuranceSeconds"));
    }

    private static MonitoringConfig monitoring(Val m) {
        Val n = m.get("notifyAgent");
        return new MonitoringConfig(new MonitoringConfig.NotifyAgent(n.bool("listen"), n.bool("whisper"),
                n.bool("barge"), n.bool("takeover")));
    }

    private static RecordingConfig recording(Val r) {
        Map<String, RecordingPolicy> queues = new LinkedHashMap<>();
        r.get("queues").obj().forEach((q, p) -> queues.put(q, (RecordingPolicy) p.value()));
        return new RecordingConfig(opt(r.get("directory")), opt(r.get("keyFile")), r.integer("minFreeMegabytes"),
                r.integer("retentionDays"), r.bool("agentsHearOwnCalls"), (RecordingPolicy) r.get("defaultPolicy").value(),
                (RecordingPolicy) r.get("clickToDial").value(), queues);
    }

    private TrunkConfig trunk(Val t) {
        Optional<TrunkConfig.Credentials> credentials = t.get("credentials").present()
                ? Optional.of(new TrunkConfig.Credentials(t.get("credentials").str("username"),
                        t.get("credentials").str("password")))
                : Optional.empty();
        return new TrunkConfig(t.str("id"), t.str("host"), t.integer("port"),
                TrunkConfig.Transport.valueOf(t.str("transport").toUpperCase(Locale.ROOT)), strings(t.get("allowFrom")),
                credentials, t.str("outboundPrefix"),
                DialPlan.of(strings(t.get("dialPlan").get("allow")), strings(t.get("dialPlan").get("deny"))),
                opt(t.get("caFile")).map(this::path));
    }

    private QueueConfig queue(Val q) {
        Val sl = q.get("serviceLevel");
        Val overflow = q.get("overflow");
        Val prompts = q.get("prompts");
        return new QueueConfig(q.str("id"), localized(q.get("name")), strings(q.get("numbers")),
                opt(q.get("language")).orElse(defaultLanguage),
                new QueueConfig.ServiceLevel(sl.integer("thresholdSeconds"), sl.number("targetPercent"),
                        sl.integer("shortAbandonSeconds"), sl.bool("excludeShortAbandons"), sl.bool("abandonsInDenominator")),
                strategy(q.str("strategy")), q.integer("priority"), levels(q.get("requiredSkills")),
                q.integer("ringTimeoutSeconds"), q.integer("wrapUpSeconds"), q.bool("wrapUpCodeRequired"),
                q.integer("maxWaitSeconds"),
                overflow.present() ? Optional.of(new QueueConfig.Overflow(overflow.integer("afterSeconds"),
                        overflow.str("queue"))) : Optional.empty(),
                new QueueConfig.Prompts(resolve(prompts.str("greeting")), resolve(prompts.str("music")),
                        prompts.integer("announceEverySeconds")),
                opt(q.get("script")),
                q.get("callback").present() ? Optional.of(new QueueConfig.CallbackOffer(
                        q.get("callback").integer("afterSeconds"), q.get("callback").integer("aboveWaitSeconds")))
                        : Optional.empty(),
                survey(q.get("survey")));
    }

    private Optional<QueueConfig.Survey> survey(Val s) {
        if (!s.present()) {
            return Optional.empty();
        }
        List<Integer> keys = s.get("keys").list().stream().map(k -> Integer.parseInt(k.value().toString())).sorted()
                .toList();
        return Optional.of(new QueueConfig.Survey(s.bool("afterAgentHangUp"), resolve(s.str("prompt")),
                resolve(s.str("thankYouPrompt")), keys, s.integer("satisfiedFrom"), s.integer("timeoutSeconds")));
    }

    private AgentConfig agent(Val a) {
        return new AgentConfig(a.str("id"), a.str("name"), a.str("workNumber"), a.str("extension"), a.str("sipPassword"),
                levels(a.get("skills")), a.str("team"), opt(a.get("language")).orElse(defaultLanguage));
    }

    private static UserConfig user(Val u) {
        return new UserConfig(u.str("username"), opt(u.get("displayName")).orElse(u.str("username")),
                UserConfig.Role.valueOf(u.str("role").toUpperCase(Locale.ROOT)), u.str("passwordHash"),
                opt(u.get("agent")), strings(u.get("teams")));
    }

    private static WrapUpCode wrapUp(Val w) {
        return new WrapUpCode(w.str("code"), localized(w.get("label")),
                WrapUpCode.Category.valueOf(w.str("category").toUpperCase(Locale.ROOT)), strings(w.get("queues")));
    }

    private static ScriptConfig script(Val s) {
        return new ScriptConfig(s.str("id"), localized(s.get("name")),
                list(s.get("steps"), st -> new ScriptConfig.Step(st.str("id"), localized(st.get("title")),
                        localized(st.get("text")),
                        st.get("holiday").present() ? Optional.of(localized(st.get("holiday"))) : Optional.empty())),
                list(s.get("quickPhrases"), p -> new ScriptConfig.Phrase(p.str("id"), localized(p.get("label")),
                        localized(p.get("text")))));
    }

    private String resolve(String file) {
        return dir.resolve(file).toAbsolutePath().normalize().toString();
    }

    private static QueueConfig.Strategy strategy(String yamlName) {
        for (QueueConfig.Strategy s : QueueConfig.Strategy.values()) {
            if (s.yamlName().equals(yamlName)) {
                return s;
            }
        }
        throw new IllegalStateException("validated strategy " + yamlName);
    }

    static Localized localized(Val v) {
        Map<String, String> texts = new LinkedHashMap<>();
        v.obj().forEach((lang, text) -> texts.put(lang, (String) text.value()));
        return new Localized(texts);
    }

    private static Map<String, Integer> levels(Val v) {
        Map<String, Integer> out = new LinkedHashMap<>();
        v.obj().forEach((k, level) -> out.put(k, (Integer) level.value()));
        return out;
    }

    static List<String> strings(Val v) {
        return list(v, x -> (String) x.value());
    }

    private static Optional<String> opt(Val v) {
        return Optional.ofNullable((String) v.value());
    }

    static <T> List<T> list(Val v, Function<Val, T> f) {
        return v.list().stream().map(f).toList();
    }
}
