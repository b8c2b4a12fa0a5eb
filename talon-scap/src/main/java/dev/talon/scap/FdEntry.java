package dev.talon.scap;

import java.util.Objects;

/**
 * One entry of a thread's fd table (FDL / FDL_V2 block). IPv4 addresses are ints holding the four
 * address bytes in network order (127.0.0.1 is 0x7F000001); ports are plain numbers.
 */
public sealed interface FdEntry {

    /** The descriptor number. */
    long fd();

    /** The inode number, 0 when unknown. */
    long ino();

    /** The kind of descriptor. */
    FdType type();

    /**
     * A descriptor described by a name only: every type except IPv4/IPv6 (server) sockets, unix
     * sockets and FILE_V2. {@link FdType#UNKNOWN} has no name on disk (name is empty).
     */
    record Named(long fd, long ino, FdType type, String name) implements FdEntry {
        public Named {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            switch (type) {
                case IPV4_SOCK, IPV6_SOCK, IPV4_SERVSOCK, IPV6_SERVSOCK, UNIX_SOCK, FILE_V2 ->
                    throw new IllegalArgumentException(type + " has its own entry record");
                default -> { }
            }
        }
    }

    /** A regular file in the FILE_V2 layout: the open flags (PPM_O_*) and the device. */
    record File(long fd, long ino, int openFlags, String name, int dev) implements FdEntry {
        public File {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public FdType type() {
            return FdType.FILE_V2;
        }
    }

    /** A connected IPv4 socket; l4proto is SCAP_L4_* (0 unknown, 1 n/a, 2 TCP, 3 UDP, 4 ICMP, 5 RAW). */
    record Ipv4Socket(long fd, long ino, int sip, int dip, int sport, int dport, int l4proto) implements FdEntry {
        @Override
        public FdType type() {
            return FdType.IPV4_SOCK;
        }
    }

    /** A connected IPv6 socket. */
    record Ipv6Socket(long fd, long ino, Ipv6Address sip, Ipv6Address dip, int sport, int dport, int l4proto)
            implements FdEntry {
        public Ipv6Socket {
            Objects.requireNonNull(sip, "sip");
            Objects.requireNonNull(dip, "dip");
        }

        @Override
        public FdType type() {
            return FdType.IPV6_SOCK;
        }
    }

    /** A listening IPv4 socket. */
    record Ipv4ServerSocket(long fd, long ino, int ip, int port, int l4proto) implements FdEntry {
        @Override
        public FdType type() {
            return FdType.IPV4_SERVSOCK;
        }
    }

    /** A listening IPv6 socket. */
    record Ipv6ServerSocket(long fd, long ino, Ipv6Address ip, int port, int l4proto) implements FdEntry {
        public Ipv6ServerSocket {
            Objects.requireNonNull(ip, "ip");
        }

        @Override
        public FdType type() {
            return FdType.IPV6_SERVSOCK;
        }
    }

    /** A unix socket: the kernel addresses of both ends and the bound path. */
    record UnixSocket(long fd, long ino, long source, long dest, String path) implements FdEntry {
        public UnixSocket {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public FdType type() {
            return FdType.UNIX_SOCK;
        }
    }
}
