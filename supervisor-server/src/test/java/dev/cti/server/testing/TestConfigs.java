package dev.cti.server.testing;

import dev.cti.config.AgentConfig;
import dev.cti.config.ComplianceConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.Localized;
import dev.cti.config.NetworkConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.ReasonCode;
import dev.cti.config.SiteConfig;
import dev.cti.config.SkillConfig;
import dev.cti.config.StorageConfig;
import dev.cti.config.TeamConfig;
import dev.cti.config.UserConfig;
import dev.cti.config.WrapUpCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small but complete site built directly from the config records (the contract), so server tests do not
 * depend on the YAML loader. Teams red (a1 alice, a2 bob) and blue (a3 carol, a4 sue's seat); users alice,
 * bob, carol (agents), sam (supervisor of red, no seat), sue (supervisor of red working seat a4), quinn (QA of
 * red, no seat), root (admin).
 */
public final class TestConfigs {
    /** Plain passwords of the test users (hashed with the real PasswordHash in {@link #users}). */
    public static final String PASSWORD = "s3cret-pass";

    public static final String QUEUE_SALES = "sales";
    /** Requires a wrap-up code before READY; 1 s ring timeout. */
    public static final String QUEUE_SUPPORT = "support";

    private TestConfigs() {}

    public static CtiConfig sample(String dataDir) {
        return sample(dataDir, Hash.OF_PASSWORD);
    }

    /** PBKDF2 with production iterations is slow on purpose: hash the test password once per JVM. */
    private static final class Hash {
        static final String OF_PASSWORD = hashOf(PASSWORD);
    }

    public static String hashOf(String password) {
        return dev.cti.config.PasswordHash.hash(password.toCharArray());
    }

    /**
     * The shipped configuration plus what the monitor tests need and conf/ must not hold: user
     * "supervisor-sales" (teams [team-sales], seat 9002), user "supervisor-seatless" (team-service, no seat)
     * and a seat (9003) for the admin. The new seats have no skills; the new users' password is
     * {@link #PASSWORD}.
     */
    public static CtiConfig withMonitoringUsers(CtiConfig shipped) {
        List<AgentConfig> agents = new java.util.ArrayList<>(shipped.agents());
        agents.add(new AgentConfig("9002", "Sales lead", "9002", "9002", "pw-9002", Map.of(), "team-sales", "en"));
        agents.add(new AgentConfig("9003", "Admin seat", "9003", "9003", "pw-9003", Map.of(), "team-service", "en"));
        List<UserConfig> users = new java.util.ArrayList<>();
        for (UserConfig u : shipped.users()) {
            users.add(u.role() == UserConfig.Role.ADMIN ? new UserConfig(u.username(), u.displayName(), u.role(),
                    u.passwordHash(), Optional.of("9003"), u.teams()) : u);
        }
        users.add(new UserConfig("supervisor-sales", "Sales lead", UserConfig.Role.SUPERVISOR, Hash.OF_PASSWORD,
                Optional.of("9002"), List.of("team-sales")));
        users.add(new UserConfig("supervisor-seatless", "No seat", UserConfig.Role.SUPERVISOR, Hash.OF_PASSWORD,
                Optional.empty(), List.of("team-service")));
        CtiConfig c = shipped;
        return new CtiConfig(c.site(), c.network(), c.storage(), c.compliance(), c.monitoring(), c.recording(),
                c.trunks(), c.skills(), c.queues(), c.teams(), agents, users, c.notReadyReasons(), c.wrapUpCodes(),
                c.scripts(), c.holidays(), c.qa(), c.dialing());
    }

    /**
     * A sample site with QA: a script "std" (steps greeting, need, check; the hold phrases) and {@link #qa()}.
     */
    public static CtiConfig withQa(CtiConfig c) {
        var script = new dev.cti.config.ScriptConfig("std", Localized.of("标准", "Standard"), List.of(
                step("greeting"), step("need"), step("check")), List.of(phrase("before-hold"),
                phrase("after-hold-thanks"), phrase("after-hold-sorry"), phrase("late-answer"),
                phrase("wait-reassurance")));
        return new CtiConfig(c.site(), c.network(), c.storage(), c.compliance(), c.monitoring(), c.recording(),
                c.trunks(), c.skills(), c.queues(), c.teams(), c.agents(), c.users(), c.notReadyReasons(),
                c.wrapUpCodes(), List.of(script), c.holidays(), qa(), c.dialing());
    }

    private static dev.cti.config.ScriptConfig.Step step(String id) {
        return new dev.cti.config.ScriptConfig.Step(id, Localized.of(id, id), Localized.of(id, id), Optional.empty());
    }

    private static dev.cti.config.ScriptConfig.Phrase phrase(String id) {
        return new dev.cti.config.ScriptConfig.Phrase(id, Localized.of(id, id), Localized.of(id, id));
    }

    /**
     * A small 100-point form for both sample queues and click-to-dial calls, one item per pre-fill rule and one
     * without: opening 40 (greeting 20, need 20), waiting 30 (music, reason, apology 10 each), rest 30 (long-hold,
     * help, manner 10 each); deduction filler 2 points each (at most 5). Pass mark 80; grades A 90+, B 80+, C below.
     * Quinn evaluates team red; 2 random calls per agent and day at 01:00, every flag on (hold over 60 s, talk under
     * 20 s).
     */
    public static dev.cti.config.QaConfig qa() {
        var none = java.util.List.<String>of();
        java.util.function.BiFunction<String, dev.cti.config.QaConfig.Rule, dev.cti.config.QaConfig.Item> item =
                (id, rule) -> new dev.cti.config.QaConfig.Item(id, Localized.of(id, id), id.equals("greeting")
                        || id.equals("need") ? 20 : 10, rule == null ? Optional.empty()
                        : Optional.of(new dev.cti.config.QaConfig.Prefill(rule,
                                rule == dev.cti.config.QaConfig.Rule.STEP ? List.of("need") : none, none, 120)));
        var form = new dev.cti.config.QaConfig.Form("std-form", 1, Localized.of("表", "Form"),
                List.of(QUEUE_SALES, QUEUE_SUPPORT), true, List.of(
                new dev.cti.config.QaConfig.Section("opening", Localized.of("开始语", "Opening"), 40, List.of(
                        item.apply("greeting", dev.cti.config.QaConfig.Rule.GREETING),
                        item.apply("need", dev.cti.config.QaConfig.Rule.STEP))),
                new dev.cti.config.QaConfig.Section("waiting", Localized.of("等待", "Waiting"), 30, List.of(
                        item.apply("music", dev.cti.config.QaConfig.Rule.HOLD_MUSIC),
                        item.apply("reason", dev.cti.config.QaConfig.Rule.HOLD_REASON),
                        item.apply("apology", dev.cti.config.QaConfig.Rule.HOLD_APOLOGY))),
                new dev.cti.config.QaConfig.Section("rest", Localized.of("其他", "Rest"), 30, List.of(
                        item.apply("long-hold", dev.cti.config.QaConfig.Rule.LONG_HOLD_EXPLAINED),
                        item.apply("help", dev.cti.config.QaConfig.Rule.SUPERVISOR_HELP),
                        item.apply("manner", null)))),
                List.of(new dev.cti.config.QaConfig.Deduction("filler", Localized.of("口头禅", "Filler"), 2, 5,
                        Optional.empty())));
        return new dev.cti.config.QaConfig(80, dev.cti.config.QaConfig.defaultRatings(), List.of(
                new dev.cti.config.QaConfig.Grade("A", Localized.of("优秀", "Excellent"), 90, 100),
                new dev.cti.config.QaConfig.Grade("B", Localized.of("良好", "Good"), 80, 90),
                new dev.cti.config.QaConfig.Grade("C", Localized.of("待改进", "Improve"), 0, 80)),
                new dev.cti.config.QaConfig.Sampling(2, java.time.LocalTime.of(1, 0), true, 60, 20, true),
                List.of(new dev.cti.config.QaConfig.Evaluator("quinn", List.of("red"))), List.of(form));
    }

    public static CtiConfig sample(String dataDir, String passwordHash) {
        var site = new SiteConfig(Localized.of("测试公司", "Test Co"), "zh-CN", "Asia/Shanghai");
        var network = new NetworkConfig(
                new NetworkConfig.Server("127.0.0.1", 0, List.of("http://wallboard.example")),
                new NetworkConfig.Sip("127.0.0.1", 0, 0, "cti.test", 10, 50, 1800, 60, 3600),
                new NetworkConfig.Rtp("127.0.0.1", 40000, 40100, 30),
                new NetworkConfig.CtiLink("127.0.0.1", 0),
                new NetworkConfig.GatewayAdmin("127.0.0.1", 0));
        var storage = new StorageConfig(dataDir, Optional.empty(), Optional.empty(), Optional.empty());
        var compliance = new ComplianceConfig(3, 2.0, List.of(10, 60, 120), 10);
        var prompts = new QueueConfig.Prompts("greeting.wav", "music.wav", 30);
        var sl = new QueueConfig.ServiceLevel(20, 80, 5, true, true);
        var sales = new QueueConfig(QUEUE_SALES, Localized.of("销售", "Sales"), List.of("4001"), "zh-CN", sl,
                QueueConfig.Strategy.LONGEST_IDLE, 1, Map.of("sales", 1), 15, 30, false, 300, Optional.empty(),
                prompts, Optional.empty());
        var support = new QueueConfig(QUEUE_SUPPORT, Localized.of("支持", "Support"), List.of("4002"), "zh-CN", sl,
                QueueConfig.Strategy.LONGEST_IDLE, 2, Map.of("support", 1), 1, 20, true, 300, Optional.empty(),
                prompts, Optional.empty());
        var agents = List.of(
                new AgentConfig("a1", "Alice", "1001", "1001", "pw1", Map.of("sales", 5), "red", "zh-CN"),
                new AgentConfig("a2", "Bob", "1002", "1002", "pw2", Map.of("support", 5), "red", "en"),
                new AgentConfig("a3", "Carol", "1003", "1003", "pw3", Map.of("sales", 3), "blue", "zh-CN"),
                new AgentConfig("a4", "Sue", "1004", "1004", "pw4", Map.of("sales", 3), "blue", "en"));
        var users = List.of(
                new UserConfig("alice", "Alice", UserConfig.Role.AGENT, passwordHash, Optional.of("a1"), List.of()),
                new UserConfig("bob", "Bob", UserConfig.Role.AGENT, passwordHash, Optional.of("a2"), List.of()),
                new UserConfig("carol", "Carol", UserConfig.Role.AGENT, passwordHash, Optional.of("a3"), List.of()),
                new UserConfig("sam", "Sam", UserConfig.Role.SUPERVISOR, passwordHash, Optional.empty(),
                        List.of("red")),
                new UserConfig("sue", "Sue", UserConfig.Role.SUPERVISOR, passwordHash, Optional.of("a4"),
                        List.of("red")),
                new UserConfig("quinn", "Quinn", UserConfig.Role.QA, passwordHash, Optional.empty(), List.of("red")),
                new UserConfig("root", "Admin", UserConfig.Role.ADMIN, passwordHash, Optional.empty(), List.of()));
        var reasons = List.of(new ReasonCode("break", Localized.of("休息", "Break")),
                new ReasonCode("lunch", Localized.of("用餐", "Lunch")));
        var codes = List.of(
                new WrapUpCode("resolved", Localized.of("已解决", "Resolved"), WrapUpCode.Category.SUCCESS, List.of()),
                new WrapUpCode("callback", Localized.of("回访", "Callback"), WrapUpCode.Category.CALLBACK,
                        List.of(QUEUE_SUPPORT)));
        return new CtiConfig(site, network, storage, compliance, List.of(),
                List.of(new SkillConfig("sales", Localized.of("销售", "Sales")),
                        new SkillConfig("support", Localized.of("支持", "Support"))),
                List.of(sales, support),
                List.of(new TeamConfig("red", Localized.of("红队", "Red")),
                        new TeamConfig("blue", Localized.of("蓝队", "Blue"))),
                agents, users, reasons, codes, List.of(), List.of());
    }
}
