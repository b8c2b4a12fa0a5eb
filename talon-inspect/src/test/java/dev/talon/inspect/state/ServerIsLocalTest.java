package dev.talon.inspect.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * fd.is_server's locality rule for sockets with no endpoints yet (libsinsp 0.29.3), each case the one a
 * fixture shows: see StateTracker#serverIsLocal.
 */
class ServerIsLocalTest {
    private static final byte[] LOOPBACK6 = new byte[16];

    static {
        LOOPBACK6[15] = 1;
    }

    private static ThreadInfo thread(String containerId) {
        ThreadInfo t = new ThreadInfo(100);
        t.containerId = containerId;
        return t;
    }

    @Test
    void unboundIpv6OnTheHostMatchesLoopbackByItsFirst64Bits() {
        StateTracker s = new StateTracker();
        FdInfo f = new FdInfo(FdInfo.IPV6_SOCK, "");
        assertThat(s.serverIsLocal(f, thread("host"))).isFalse();
        s.addLocalAddress(LOOPBACK6);
        assertThat(s.serverIsLocal(f, thread("host"))).isTrue();
        assertThat(s.serverIsLocal(f, thread("b199b3b57988"))).as("IPv6 in a container is never local").isFalse();
    }

    @Test
    void unboundIpv4MatchesAContainerWhoseAddressIsZero() {
        StateTracker s = new StateTracker();
        s.addLocalAddress(0x7F000001);
        FdInfo f = new FdInfo(FdInfo.IPV4_SOCK, "");
        assertThat(s.serverIsLocal(f, thread("host"))).isFalse();
        assertThat(s.serverIsLocal(f, thread("e7a89f97e548"))).as("container not described").isFalse();
        s.containers().addJson("{\"container\":{\"id\":\"e7a89f97e548\",\"ip\":\"0.0.0.0\"}}");
        assertThat(s.serverIsLocal(f, thread("e7a89f97e548"))).isTrue();
        s.containers().addJson("{\"container\":{\"id\":\"b199b3b57988\",\"ip\":\"172.17.0.4\"}}");
        assertThat(s.serverIsLocal(f, thread("b199b3b57988"))).as("the container's own address decides").isFalse();
    }

    @Test
    void dottedQuadsParseFirstOctetHighest() {
        assertThat(ContainerTable.dottedQuad("172.17.0.4")).isEqualTo(0xAC110004);
        assertThat(ContainerTable.dottedQuad("0.0.0.0")).isZero();
        assertThat(ContainerTable.dottedQuad("1.2.3")).isZero();
        assertThat(ContainerTable.dottedQuad("1.2.3.256")).isZero();
        assertThat(ContainerTable.dottedQuad(null)).isZero();
    }
}
