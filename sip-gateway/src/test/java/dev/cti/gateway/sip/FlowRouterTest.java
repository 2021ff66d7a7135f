package dev.cti.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.registrar.Binding;
import dev.cti.gateway.sip.registrar.LocationService;
import gov.nist.javax.sip.stack.HopImpl;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/**
 * Requests for a phone registered over TCP or TLS go back over the connection it registered on (its flow); UDP, other
 * transports, unknown contacts and expired bindings are routed as jain-sip would.
 */
class FlowRouterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private final LocationService locations = new LocationService(clock);

    private void register(String contact, String source, long seconds) {
        locations.update("1001", current -> {
            Map<String, Binding> next = new LinkedHashMap<>(current);
            next.put(contact, new Binding("1001", contact, "call-" + contact, 1, clock.instant().plusSeconds(seconds),
                    source, "baresip"));
            return next;
        });
    }

    private static Router fixed(Hop hop) {
        return new Router() {
            @Override
            public Hop getNextHop(Request request) {
                return hop;
            }

            @Override
            @SuppressWarnings({"rawtypes", "deprecation"})
            public java.util.ListIterator getNextHops(Request request) {
                return null;
            }

            @Override
            public Hop getOutboundProxy() {
                return null;
            }
        };
    }

    @Test
    void aTlsPhoneIsReachedOverTheConnectionItRegisteredOn() throws Exception {
        register("<sip:1001-abc@127.0.0.1:47111;transport=tls>", "TLS:127.0.0.1:53012", 600);
        Hop hop = new FlowRouter(fixed(new HopImpl("127.0.0.1", 47111, "TLS")), locations::flowFor).getNextHop(null);
        assertThat(hop.getHost()).isEqualTo("127.0.0.1");
        assertThat(hop.getPort()).isEqualTo(53012);
        assertThat(hop.getTransport()).isEqualTo("TLS");
    }

    @Test
    void sipsContactsDefaultTo5061AndTcpWorksTheSameWay() throws Exception {
        register("<sips:1001@192.0.2.10>", "TLS:192.0.2.10:40000", 600);
        register("<sip:1001@192.0.2.11:5070;transport=tcp>", "TCP:192.0.2.11:40001", 600);
        FlowRouter.Flows flows = locations::flowFor;
        assertThat(new FlowRouter(fixed(new HopImpl("192.0.2.10", 5061, "TLS")), flows).getNextHop(null).getPort())
                .isEqualTo(40000);
        assertThat(new FlowRouter(fixed(new HopImpl("192.0.2.11", 5070, "TCP")), flows).getNextHop(null).getPort())
                .isEqualTo(40001);
    }

    @Test
    void udpUnknownContactsOtherTransportsAndExpiredBindingsAreRoutedAsBefore() throws Exception {
        register("<sip:1001@127.0.0.1:47111;transport=tls>", "TLS:127.0.0.1:53012", 600);
        register("<sip:1001@127.0.0.1:5062>", "UDP:127.0.0.1:5062", 600);
        FlowRouter.Flows flows = locations::flowFor;
        Hop udp = new HopImpl("127.0.0.1", 5062, "UDP");
        assertThat(new FlowRouter(fixed(udp), flows).getNextHop(null)).isSameAs(udp);
        Hop trunk = new HopImpl("192.0.2.5", 5061, "TLS");
        assertThat(new FlowRouter(fixed(trunk), flows).getNextHop(null)).as("no binding: a trunk").isSameAs(trunk);
        Hop tcpToTlsContact = new HopImpl("127.0.0.1", 47111, "TCP");
        assertThat(new FlowRouter(fixed(tcpToTlsContact), flows).getNextHop(null)).as("the flow is TLS, not TCP")
                .isSameAs(tcpToTlsContact);
        assertThat(locations.flowFor("TLS", "127.0.0.1", 47111)).contains(new InetSocketAddress("127.0.0.1", 53012));

        LocationService later = new LocationService(Clock.offset(clock, java.time.Duration.ofSeconds(601)));
        later.update("1001", current -> Map.of("c", new Binding("1001", "<sip:1001@127.0.0.1:47111;transport=tls>",
                "x", 1, clock.instant().plusSeconds(600), "TLS:127.0.0.1:53012", null)));
        assertThat(later.flowFor("TLS", "127.0.0.1", 47111)).as("expired").isEqualTo(Optional.empty());
    }
}
