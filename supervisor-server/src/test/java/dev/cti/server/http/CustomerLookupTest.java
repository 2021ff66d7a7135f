package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.Customer;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/customers/{number}} is rate-limited per user and audited with the number kept only as its keyed
 * digest (issue 13, 信息保密).
 */
class CustomerLookupTest {
    private static final String NUMBER = "13812345678";
    @TempDir
    Path dir;
    private final HandClock clock = new HandClock(Instant.parse("2026-03-02T08:00:00Z"));
    private ApiRig rig;
    private String alice;

    @BeforeEach
    void start() throws Exception {
        rig = ApiRig.start(ApiRig.with(TestConfigs.sample(dir.resolve("data").toString()),
                s -> s.withCustomerLookupsPerMinute(3)), clock);
        ApiRig.get(rig.store.upsertCustomer(new Customer(NUMBER, "王", Optional.of("先生"), Optional.empty())));
        alice = rig.token("alice", TestConfigs.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private List<AuditEntry> lookups() throws Exception {
        return ApiRig.get(rig.store.auditLog(100)).stream().filter(a -> a.action().equals("customer-lookup")).toList();
    }

    @Test
    void every_look_up_is_audited_with_a_digest_of_the_number_never_the_number() throws Exception {
        HttpResponse<Buffer> found = rig.get("/api/customers/" + NUMBER, alice);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.bodyAsJsonObject().getString("number")).isEqualTo("138****5678");
        assertThat(rig.get("/api/customers/13900000000", alice).statusCode()).isEqualTo(404);
        List<AuditEntry> rows = lookups();
        assertThat(rows).hasSize(2);
        AuditEntry first = rows.get(1);
        assertThat(first.actor()).isEqualTo("alice");
        assertThat(first.target()).contains(rig.store.numbers().of(NUMBER));
        assertThat(first.detail()).contains("found, number masked");
        assertThat(rows.get(0).detail()).contains("not found");
        assertThat(rows).allSatisfy(a -> assertThat(a.toString()).doesNotContain(NUMBER).doesNotContain("5678")
                .doesNotContain("13900000000"));
        assertThat(Files.exists(dir.resolve("data/number-key"))).as("the key is in the data directory").isTrue();
    }

    @Test
    void over_the_rate_a_look_up_gets_429_with_retry_after_until_the_bucket_refills() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(rig.get("/api/customers/" + NUMBER, alice).statusCode()).isEqualTo(200);
        }
        HttpResponse<Buffer> fourth = rig.get("/api/customers/" + NUMBER, alice);
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.getHeader("Retry-After")).isEqualTo("20");
        assertThat(fourth.bodyAsJsonObject().getString("error")).isEqualTo("too_many_requests");
        assertThat(rig.get("/api/customers/" + NUMBER, alice).statusCode()).isEqualTo(429);
        assertThat(lookups()).extracting(a -> a.detail().orElse("")).as("the first refusal audited, the next counted")
                .filteredOn(d -> d.startsWith("refused")).hasSize(1);
        assertThat(rig.meters.counter("cti.http.rate.limited", "endpoint", "customer_lookup").count()).isEqualTo(2);
        String bob = rig.token("bob", TestConfigs.PASSWORD);
        assertThat(rig.get("/api/customers/" + NUMBER, bob).statusCode()).as("per user").isEqualTo(200);
        clock.advance(Duration.ofSeconds(20));
        assertThat(rig.get("/api/customers/" + NUMBER, alice).statusCode()).isEqualTo(200);
    }
}
