package dev.cti.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.PasswordHash;
import dev.cti.server.auth.AuthService.Outcome;
import dev.cti.server.store.SessionStore;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins, the lockout, the hashing pool and sessions kept in the database (H2), with a clock moved by hand. */
class AuthServiceTest {
    private static final String ADDRESS = "192.0.2.7";
    @TempDir
    Path dir;
    private final HandClock clock = new HandClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final Vertx vertx = Vertx.vertx();
    private final List<String> hashed = new CopyOnWriteArrayList<>();
    /** The production PBKDF2, counting the hashes it is asked to compute. */
    private final PasswordVerifier counting = (pw, encoded) -> {
        hashed.add(encoded);
        return PasswordHash.verify(pw, encoded);
    };
    private Store store;
    private AuthService auth;

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        get(vertx.close());
    }

    private CtiConfig config(NetworkConfig.Login login, int ttlHours) {
        CtiConfig c = TestConfigs.sample(dir.resolve("data").toString());
        NetworkConfig n = c.network();
        return c.withNetwork(new NetworkConfig(n.server().withLogin(login)
                .withSessions(new NetworkConfig.Sessions(ttlHours, 8, 256)), n.sip(), n.rtp(), n.ctiLink(),
                n.gatewayAdmin()));
    }

    private AuthService start(CtiConfig config, PasswordVerifier verifier) throws Exception {
        if (store == null) {
            store = Store.open(config.storage(), vertx, new SimpleMeterRegistry(), clock);
        }
        AuthService a = new AuthService(config, verifier, clock, new SecureRandom(), vertx, new SessionStore(store));
        get(a.start());
        return a;
    }

    private AuthService start() throws Exception {
        auth = start(config(NetworkConfig.Login.DEFAULTS, 1), counting);
        return auth;
    }

    private Outcome login(String user, String password) throws Exception {
        return get(auth.login(user, password.toCharArray(), ADDRESS));
    }

    private Outcome.Ok ok(String user) throws Exception {
        Outcome o = login(user, TestConfigs.PASSWORD);
        assertThat(o).isInstanceOf(Outcome.Ok.class);
        return (Outcome.Ok) o;
    }

    @Test
    void login_with_the_right_password_gives_a_random_256_bit_token_kept_only_as_its_hash() throws Exception {
        start();
        Outcome.Ok ok = ok("alice");
        assertThat(Base64.getUrlDecoder().decode(ok.token())).hasSize(32);
        Session s = ok.session();
        assertThat(s.principal().agent()).contains("a1");
        assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(s.id()).isEqualTo(AuthService.hash(ok.token())).hasSize(64).doesNotContain(ok.token());
        assertThat(auth.authenticate(ok.token())).contains(s);
        assertThat(s.toString()).doesNotContain(ok.token()).doesNotContain(s.id());
        var rows = get(new SessionStore(store).live(clock.instant()));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.tokenHash()).isEqualTo(s.id());
            assertThat(r.loginAddress()).contains(ADDRESS);
        });
    }

    @Test
    void wrong_password_and_unknown_user_are_refused_alike_and_both_cost_a_hash() throws Exception {
        start();
        assertThat(login("alice", "wrong")).isEqualTo(new Outcome.Refused(true, java.util.Optional.empty()));
        assertThat(hashed).hasSize(1);
        assertThat(login("mallory", TestConfigs.PASSWORD)).isEqualTo(new Outcome.Refused(false, java.util.Optional.empty()));
        assertThat(hashed).as("the unknown user's password is hashed too, against a dummy").hasSize(2);
        String dummy = hashed.get(1);
        String alices = TestConfigs.sample("x").user("alice").orElseThrow().passwordHash();
        assertThat(dummy).isNotEqualTo(alices).startsWith(PasswordHash.SCHEME + "$" + alices.split("\\$")[1] + "$");
        assertThat(PasswordHash.problem(dummy)).as("a well-formed hash: the full PBKDF2 runs").isNull();
        assertThat(auth.authenticate("made-up")).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void tokens_expire_and_logout_revokes_them_in_the_database() throws Exception {
        start();
        Outcome.Ok a = ok("sam");
        Outcome.Ok b = ok("sam");
        assertThat(a.token()).isNotEqualTo(b.token());
        get(auth.logout(b.session()));
        assertThat(auth.authenticate(b.token())).isEmpty();
        assertThat(get(new SessionStore(store).live(clock.instant()))).extracting(r -> r.tokenHash())
                .containsExactly(a.session().id());
        clock.advance(Duration.ofMinutes(59));
        assertThat(auth.authenticate(a.token())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.authenticate(a.token())).isEmpty();
        assertThat(auth.isLive(a.session())).isFalse();
        assertThat(auth.activeSessions()).isZero();
    }

    @Test
    void sessions_survive_a_restart_but_not_a_logout_or_their_expiry() throws Exception {
        start();
        Outcome.Ok kept = ok("alice");
        Outcome.Ok loggedOut = ok("bob");
        get(auth.logout(loggedOut.session()));
        clock.advance(Duration.ofMinutes(30));
        Outcome.Ok later = ok("sam");
        auth.close();
        AuthService again = start(config(NetworkConfig.Login.DEFAULTS, 1), counting);
        assertThat(again.authenticate(kept.token())).hasValueSatisfying(s -> {
            assertThat(s.principal().username()).isEqualTo("alice");
            assertThat(s.expiresAt()).isEqualTo(kept.session().expiresAt());
        });
        assertThat(again.authenticate(loggedOut.token())).isEmpty();
        clock.advance(Duration.ofMinutes(31));
        AuthService third = start(config(NetworkConfig.Login.DEFAULTS, 1), counting);
        assertThat(third.authenticate(kept.token())).as("expired while the server was down").isEmpty();
        assertThat(third.authenticate(later.token())).isPresent();
    }

    @Test
    void the_fifth_failure_locks_and_a_right_password_is_refused_until_the_lock_ends() throws Exception {
        start();
        for (int i = 1; i <= 4; i++) {
            assertThat(login("alice", "guess" + i)).isInstanceOf(Outcome.Refused.class);
        }
        assertThat(login("alice", "guess5")).isEqualTo(new Outcome.Refused(true,
                java.util.Optional.of(new LoginGuard.Lock(Duration.ofSeconds(60), "user", false))));
        int hashes = hashed.size();
        assertThat(login("alice", TestConfigs.PASSWORD)).isEqualTo(new Outcome.Locked(true,
                new LoginGuard.Lock(Duration.ofSeconds(60), "user", true)));
        assertThat(hashed).as("no hash while locked").hasSize(hashes);
        clock.advance(Duration.ofSeconds(59));
        assertThat(login("alice", TestConfigs.PASSWORD)).isInstanceOf(Outcome.Locked.class);
        clock.advance(Duration.ofSeconds(1));
        ok("alice");
    }

    @Test
    void the_password_array_is_wiped_whatever_the_outcome() throws Exception {
        start();
        for (String user : new String[] {"alice", "nobody"}) {
            char[] pw = TestConfigs.PASSWORD.toCharArray();
            get(auth.login(user, pw, ADDRESS));
            Set<Character> chars = new HashSet<>();
            for (char c : pw) {
                chars.add(c);
            }
            assertThat(chars).containsExactly('\0');
        }
    }

    @Test
    void logins_are_hashed_in_parallel_on_their_own_pool_and_a_full_queue_answers_busy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PasswordVerifier slow = (pw, encoded) -> {
            threads.add(Thread.currentThread().getName());
            bothRunning.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PasswordHash.verify(pw, encoded);
        };
        auth = start(config(new NetworkConfig.Login(5, 30, 900, 60, 3600, 2, 1), 1), slow);
        Future<Outcome> a = auth.login("alice", TestConfigs.PASSWORD.toCharArray(), ADDRESS);
        Future<Outcome> b = auth.login("bob", TestConfigs.PASSWORD.toCharArray(), ADDRESS);
        assertThat(bothRunning.await(20, TimeUnit.SECONDS)).as("two logins hashed at once").isTrue();
        Future<Outcome> c = auth.login("carol", TestConfigs.PASSWORD.toCharArray(), ADDRESS);
        assertThat(get(auth.login("sam", TestConfigs.PASSWORD.toCharArray(), ADDRESS))).isInstanceOf(Outcome.Busy.class);
        assertThat(get(auth.login("alice", TestConfigs.PASSWORD.toCharArray(), ADDRESS)))
                .as("one check per name at a time").isInstanceOf(Outcome.Locked.class);
        release.countDown();
        assertThat(get(a)).isInstanceOf(Outcome.Ok.class);
        assertThat(get(b)).isInstanceOf(Outcome.Ok.class);
        assertThat(get(c)).isInstanceOf(Outcome.Ok.class);
        assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("cti-login"));
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
