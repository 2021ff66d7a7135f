package dev.cti.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RegistrationLockout;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A registrar lockout the gateway reports (issue 13) is audited and pushed to supervisors and admins (never to
 * agents), with the real server on the shipped configuration and a scripted gateway.
 */
class LockoutApiTest extends ScriptedGatewayApiBase {

    @Test
    void aLockoutIsAuditedCountedAndPushedToSupervisorsOnly() throws Exception {
        Events supervisor = events(login("supervisor", "demo-supervisor"));
        Events agent = events(login("1001", "demo-1001"));
        long now = System.currentTimeMillis();
        gateway.send(new RegistrationLockout("1001", 5, "192.0.2.10", now + 900_000, now));

        JsonObject push = supervisor.next(e -> "sip-lockout".equals(e.getString("type")), Duration.ofSeconds(5));
        assertThat(push).isNotNull();
        assertThat(push.getString("extension")).isEqualTo("1001");
        assertThat(push.getString("agentId")).isEqualTo("1001");
        assertThat(push.getInteger("failures")).isEqualTo(5);
        assertThat(push.getString("source")).isEqualTo("192.0.2.10");
        assertThat(Instant.parse(push.getString("lockedUntil"))).isEqualTo(Instant.ofEpochMilli(now + 900_000));

        await().atMost(Duration.ofSeconds(5)).until(() -> audit().stream()
                .anyMatch(a -> a.action().equals("sip-lockout")));
        AuditEntry row = audit().stream().filter(a -> a.action().equals("sip-lockout")).findFirst().orElseThrow();
        assertThat(row.actor()).isEqualTo("gateway");
        assertThat(row.target()).contains("1001");
        assertThat(row.detail().orElseThrow()).contains("extension 1001 locked until")
                .contains("after 5 failed REGISTERs, the last from 192.0.2.10");
        assertThat(server.meters().get("cti.sip.lockouts").counter().count()).isEqualTo(1.0);
        // A later push the agent does get: by then the lockout would have reached it, had it been sent.
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        java.util.List<String> seenByAgent = new java.util.ArrayList<>();
        agent.next(e -> {
            seenByAgent.add(e.getString("type"));
            return "phone".equals(e.getString("type"));
        }, Duration.ofSeconds(5));
        assertThat(seenByAgent).as("agents are not told").doesNotContain("sip-lockout").contains("phone");
    }
}
