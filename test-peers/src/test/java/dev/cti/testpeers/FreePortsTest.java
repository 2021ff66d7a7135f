package dev.cti.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void aUdpAndTcpPortCanBeBoundOnBoth() throws Exception {
        int port = FreePorts.udpAndTcp();
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(at)) {
            tcp.bind(at);
            assertThat(tcp.getLocalPort()).isEqualTo(port);
            assertThat(udp.getLocalPort()).isEqualTo(port);
        }
        assertThat(FreePorts.tcp()).isPositive();
    }
}
