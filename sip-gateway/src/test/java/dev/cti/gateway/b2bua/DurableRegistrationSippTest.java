package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.Gateway;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.testpeers.FreePorts;
import dev.cti.testpeers.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "Gateway restart": registrations are durable. A phone that registered with a gateway is reached by the
 * gateway that replaces it on the same data directory at once, without registering again: the binding comes back
 * from the registrations file with its remaining expiry, is in the first snapshot, and a call is delivered to it.
 */
class DurableRegistrationSippTest {
    @TempDir
    Path data;

    @Test
    void aRestartedGatewayReachesAPhoneThatRegisteredWithItsPredecessor() throws Exception {
        Sipp.require();
        int phonePort = FreePorts.udpAndTcp();
        long expiresAt;
        GatewayHarness before = GatewayHarness.onDataDir(data, UnaryOperator.identity());
        try {
            before.registerAgent(phonePort, 300);
            before.server.await(PhoneRegistered.class);
            expiresAt = before.gateway.sip().locations().bindings(GatewayHarness.AGENT_EXT).get(0).expiresAt()
                    .toEpochMilli();
        } finally {
            before.close();
        }
        Path file = Gateway.registrationsPath(before.config, "gw-test");
        assertThat(file).isRegularFile();
        assertThat(Files.readString(file)).contains("sip:1001@").doesNotContain("demo-sip-1001");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(file.resolveSibling(file.getFileName() + ".tmp")).doesNotExist();

        GatewayHarness after = GatewayHarness.onDataDir(data, UnaryOperator.identity());
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            Snapshot first = after.server.received(Snapshot.class).get(0);
            assertThat(first.registrations()).singleElement().satisfies(r -> {
                assertThat(r.extension()).isEqualTo(GatewayHarness.AGENT_EXT);
                assertThat(r.expiresAt()).as("the remaining expiry, not a new one").isEqualTo(expiresAt);
            });
            try (Sipp caller = after.call(GatewayHarness.SERVICE_NUMBER, 2000)) {
                CallOffered offered = after.awaitOffered();
                after.server.send(new DeliverToAgent(offered.callId(), "1001", GatewayHarness.AGENT_EXT, 10));
                after.server.await(AgentRinging.class);
                assertThat(after.server.await(CallAnswered.class).agentId()).isEqualTo("1001");
                caller.assertPassed(Duration.ofSeconds(15));
                phone.assertPassed(Duration.ofSeconds(15));
            }
            assertThat(after.server.received(PhoneRegistered.class)).as("the phone never registered again").isEmpty();
            assertThat(after.gateway.registry().get("sip.registrations.restored").counter().count()).isEqualTo(1.0);
        } finally {
            after.close();
        }
    }
}
