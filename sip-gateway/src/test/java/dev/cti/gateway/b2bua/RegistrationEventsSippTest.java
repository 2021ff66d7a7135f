package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.UnregisterReason;
import org.junit.jupiter.api.Test;

/** Phone registrations reach the server as events and in the snapshot. */
class RegistrationEventsSippTest extends SippGatewayTest {

    @Test
    void registerAndUnregisterAreReportedAndSnapshotted() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        h.registerAgent(phonePort, 300);
        PhoneRegistered registered = h.server.await(PhoneRegistered.class);
        assertThat(registered.extension()).isEqualTo(GatewayHarness.AGENT_EXT);
        assertThat(registered.contact()).contains("127.0.0.1:" + phonePort);
        assertThat(registered.expiresSeconds()).isBetween(295, 300);

        h.server.send(new RequestSnapshot());
        Snapshot snap = h.server.await(Snapshot.class, s -> !s.registrations().isEmpty());
        assertThat(snap.registrations()).singleElement().satisfies(r -> {
            assertThat(r.extension()).isEqualTo(GatewayHarness.AGENT_EXT);
            assertThat(r.contact()).contains(Integer.toString(phonePort));
        });

        h.registerAgent(phonePort, 0);
        PhoneUnregistered unregistered = h.server.await(PhoneUnregistered.class);
        assertThat(unregistered.extension()).isEqualTo(GatewayHarness.AGENT_EXT);
        assertThat(unregistered.reason()).isEqualTo(UnregisterReason.REMOVED);
    }
}
