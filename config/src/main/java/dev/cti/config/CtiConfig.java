package dev.cti.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one CTI site, immutable and already validated.
 *
 * <p>Produced only by {@link ConfigLoader}; every list is unmodifiable. Cross references
 * (queue → skill, agent → team, user → agent, …) are guaranteed to resolve.
 */
public record CtiConfig(
        SiteConfig site,
        NetworkConfig network,
        StorageConfig storage,
        ComplianceConfig compliance,
        MonitoringConfig monitoring,
        RecordingConfig recording,
        List<TrunkConfig> trunks,
        List<SkillConfig> skills,
        List<QueueConfig> queues,
        List<TeamConfig> teams,
        List<AgentConfig> agents,
        List<UserConfig> users,
        List<ReasonCode> notReadyReasons,
        List<WrapUpCode> wrapUpCodes,
        List<ScriptConfig> scripts,
        List<Holiday> holidays,
        QaConfig qa,
        DialingConfig dialing,
        ReportsConfig reports,
        List<MenuConfig> menus,
        FollowUpConfig followUps,
        OutboundConfig outbound) {

    public CtiConfig {
        trunks = List.copyOf(trunks);
        skills = List.copyOf(skills);
        queues = List.copyOf(queues);
        teams = List.copyOf(teams);
        agents = List.copyOf(agents);
        users = List.copyOf(users);
        notReadyReasons = List.copyOf(notReadyReasons);
        wrapUpCodes = List.copyOf(wrapUpCodes);
        scripts = List.copyOf(scripts);
        holidays = List.copyOf(holidays);
        menus = List.copyOf(menus);
        java.util.Objects.requireNonNull(dialing, "dialing");
        java.util.Objects.requireNonNull(reports, "reports");
        java.util.Objects.requireNonNull(followUps, "followUps");
        java.util.Objects.requireNonNull(outbound, "outbound");
    }

    /** A configuration without menus and campaigns and with the default follow-up settings (code that builds one by hand, e.g. tests). */
    public CtiConfig(SiteConfig site, NetworkConfig network, StorageConfig storage, ComplianceConfig compliance,
                     MonitoringConfig monitoring, RecordingConfig recording, List<TrunkConfig> trunks,
                     List<SkillConfig> skills, List<QueueConfig> queues, List<TeamConfig> teams,
                     List<AgentConfig> agents, List<UserConfig> users, List<ReasonCode> notReadyReasons,
                     List<WrapUpCode> wrapUpCodes, List<ScriptConfig> scripts, List<Holiday> holidays, QaConfig qa,
                     DialingConfig dialing, ReportsConfig reports) {
        this(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams, agents, users,
                notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, List.of(), FollowUpConfig.DEFAULTS,
                OutboundConfig.NONE);
    }

    /** A configuration with the default report settings (code that builds one by hand, e.g. tests). */
    public CtiConfig(SiteConfig site, NetworkConfig network, StorageConfig storage, ComplianceConfig compliance,
                     MonitoringConfig monitoring, RecordingConfig recording, List<TrunkConfig> trunks,
                     List<SkillConfig> skills, List<QueueConfig> queues, List<TeamConfig> teams,
                     List<AgentConfig> agents, List<UserConfig> users, List<ReasonCode> notReadyReasons,
                     List<WrapUpCode> wrapUpCodes, List<ScriptConfig> scripts, List<Holiday> holidays, QaConfig qa,
                     DialingConfig dialing) {
        this(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams, agents, users,
                notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, ReportsConfig.DEFAULTS);
    }

    /** A configuration with the default recording and dialing settings and no QA (code that builds one by hand, e.g. tests). */
    public CtiConfig(SiteConfig site, NetworkConfig network, StorageConfig storage, ComplianceConfig compliance,
                     MonitoringConfig monitoring, List<TrunkConfig> trunks, List<SkillConfig> skills,
                     List<QueueConfig> queues, List<TeamConfig> teams, List<AgentConfig> agents, List<UserConfig> users,
                     List<ReasonCode> notReadyReasons, List<WrapUpCode> wrapUpCodes, List<ScriptConfig> scripts,
                     List<Holiday> holidays) {
        this(site, network, storage, compliance, monitoring, RecordingConfig.DEFAULTS, trunks,
                skills, queues, teams, agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, QaConfig.NONE,
                DialingConfig.DEFAULTS);
    }

    /** A configuration with {@link MonitoringConfig#DEFAULTS} (code that builds one by hand, e.g. tests). */
    public CtiConfig(SiteConfig site, NetworkConfig network, StorageConfig storage, ComplianceConfig compliance,
                     List<TrunkConfig> trunks, List<SkillConfig> skills, List<QueueConfig> queues,
                     List<TeamConfig> teams, List<AgentConfig> agents, List<UserConfig> users,
                     List<ReasonCode> notReadyReasons, List<WrapUpCode> wrapUpCodes, List<ScriptConfig> scripts,
                     List<Holiday> holidays) {
        this(site, network, storage, compliance, MonitoringConfig.DEFAULTS, RecordingConfig.DEFAULTS, trunks, skills,
                queues, teams, agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, QaConfig.NONE,
                DialingConfig.DEFAULTS);
    }

    /** A copy listening elsewhere (tests use free ports). */
    public CtiConfig withNetwork(NetworkConfig newNetwork) {
        return new CtiConfig(site, newNetwork, storage, compliance, monitoring, recording, trunks, skills, queues, teams, agents, users,
                notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, menus, followUps, outbound);
    }

    /** A copy storing elsewhere (tests use a temporary directory). */
    public CtiConfig withStorage(StorageConfig newStorage) {
        return new CtiConfig(site, network, newStorage, compliance, monitoring, recording, trunks, skills, queues, teams, agents, users,
                notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, menus, followUps, outbound);
    }

    /** A copy with other trunks (tests point the trunk at a sipp instance). */
    public CtiConfig withTrunks(List<TrunkConfig> newTrunks) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, newTrunks, skills, queues, teams, agents, users,
                notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, menus, followUps, outbound);
    }

    /** A copy with other QA settings (tests give forms and evaluators to a hand-built site). */
    public CtiConfig withQa(QaConfig newQa) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams,
                agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, newQa, dialing, reports, menus, followUps, outbound);
    }

    /** A copy with other recording settings (tests record into a temporary directory). */
    public CtiConfig withRecording(RecordingConfig newRecording) {
        return new CtiConfig(site, network, storage, compliance, monitoring, newRecording, trunks, skills, queues,
                teams, agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, menus, followUps, outbound);
    }

    /** A copy with other users (tests add a qa user). */
    public CtiConfig withUsers(List<UserConfig> newUsers) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams,
                agents, newUsers, notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, menus, followUps, outbound);
    }

    /** Where recordings are written: {@code recording.directory}, else {@code <storage.dataDir>/recordings}. */
    public String recordingDirectory() {
        return recording.directory().orElse(storage.dataDir() + "/recordings");
    }

    /** The recording key file: {@code recording.keyFile}, else {@code <storage.dataDir>/recording-keys.txt}. */
    public String recordingKeyFile() {
        return recording.keyFile().orElse(storage.dataDir() + "/recording-keys.txt");
    }

    /** A copy with other report settings (tests). */
    public CtiConfig withReports(ReportsConfig newReports) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams,
                agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, newReports, menus, followUps, outbound);
    }

    /** A copy with other menus (tests). */
    public CtiConfig withMenus(List<MenuConfig> newMenus) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams,
                agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, newMenus, followUps, outbound);
    }

    /** A copy with other follow-up settings (tests). */
    public CtiConfig withFollowUps(FollowUpConfig newFollowUps) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams,
                agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, menus, newFollowUps, outbound);
    }

    /** A copy with other dial-out permissions (tests). */
    public CtiConfig withDialing(DialingConfig newDialing) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams,
                agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, qa, newDialing, reports, menus, followUps, outbound);
    }

    /**
     * The trunk numbers are dialled out through (click-to-dial, transfers, REFER): the first one. Empty when none
     * is configured (then nothing can be dialled out).
     */
    public Optional<TrunkConfig> outboundTrunk() {
        return trunks.isEmpty() ? Optional.empty() : Optional.of(trunks.get(0));
    }

    /** The roles of the users who work this agent seat (role AGENT when nobody does: a bare phone). */
    public java.util.Set<UserConfig.Role> rolesOfSeat(String agentId) {
        java.util.Set<UserConfig.Role> roles = java.util.EnumSet.noneOf(UserConfig.Role.class);
        users.stream().filter(u -> u.agent().filter(agentId::equals).isPresent()).forEach(u -> roles.add(u.role()));
        if (roles.isEmpty()) {
            roles.add(UserConfig.Role.AGENT);
        }
        return roles;
    }

    public Optional<QueueConfig> queue(String id) {
        return queues.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    /** The queue a dialled number (the Request-URI user part of an inbound INVITE) belongs to. */
    public Optional<QueueConfig> queueForNumber(String dialled) {
        return queues.stream().filter(q -> q.numbers().contains(dialled)).findFirst();
    }

    public Optional<MenuConfig> menu(String id) {
        return menus.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The menu a dialled number leads to (numbers reach a queue or a menu, never both). */
    public Optional<MenuConfig> menuForNumber(String dialled) {
        return menus.stream().filter(m -> m.numbers().contains(dialled)).findFirst();
    }

    /** The holidays' dates (menus are closed on them). */
    public java.util.Set<java.time.LocalDate> holidayDates() {
        return holidays.stream().map(Holiday::date).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Optional<AgentConfig> agent(String id) {
        return agents.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public Optional<AgentConfig> agentByExtension(String extension) {
        return agents.stream().filter(a -> a.extension().equals(extension)).findFirst();
    }

    /**
     * The seat a colleague is called by (issue 18's internal calls): its id or extension, else the seats whose name is
     * {@code who} ignoring case and surrounding blanks (several when a name is shared).
     */
    public List<AgentConfig> agentsCalled(String who) {
        String w = who.strip();
        Optional<AgentConfig> exact = agent(w).or(() -> agentByExtension(w));
        if (exact.isPresent()) {
            return List.of(exact.get());
        }
        return agents.stream().filter(a -> a.name() != null && a.name().strip().equalsIgnoreCase(w)).toList();
    }

    public Optional<TeamConfig> team(String id) {
        return teams.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<UserConfig> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    public Optional<ScriptConfig> script(String id) {
        return scripts.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Wrap-up codes offered after a call of this queue: the global ones plus the queue's own. */
    public List<WrapUpCode> wrapUpCodesFor(String queueId) {
        return wrapUpCodes.stream()
                .filter(c -> c.queues().isEmpty() || c.queues().contains(queueId))
                .toList();
    }

    /** A copy with other outbound settings: click-to-dial's script, the preview campaigns (tests). */
    public CtiConfig withOutbound(OutboundConfig newOutbound) {
        return new CtiConfig(site, network, storage, compliance, monitoring, recording, trunks, skills, queues, teams,
                agents, users, notReadyReasons, wrapUpCodes, scripts, holidays, qa, dialing, reports, menus, followUps,
                newOutbound);
    }
}
