package dev.talon.scap;

import java.util.Objects;

/**
 * One network interface address from the interface list (IL / IL_V2 block). IPv4 addresses are ints
 * holding the address bytes in network order (127.0.0.1 is 0x7F000001). Entries stored without a link
 * speed (the *_NOLINKSPEED types) read as link speed 0.
 */
public sealed interface InterfaceEntry {

    /** The interface name, e.g. {@code eth0}. */
    String name();

    /** An IPv4 address of an interface. */
    record Ipv4(String name, int addr, int netmask, int bcast, long linkSpeed) implements InterfaceEntry {
        public Ipv4 {
            Objects.requireNonNull(name, "name");
        }
    }

    /** An IPv6 address of an interface. */
    record Ipv6(String name, Ipv6Address addr, Ipv6Address netmask, Ipv6Address bcast, long linkSpeed)
            implements InterfaceEntry {
        public Ipv6 {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(addr, "addr");
            Objects.requireNonNull(netmask, "netmask");
            Objects.requireNonNull(bcast, "bcast");
        }
    }
}
