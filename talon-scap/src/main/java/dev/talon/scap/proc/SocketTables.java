package dev.talon.scap.proc;

import dev.talon.scap.FdEntry;
import dev.talon.scap.FdType;
import dev.talon.scap.Ipv6Address;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The sockets of one network namespace by inode, read from {@code /proc/<pid>/net/{tcp,tcp6,udp,udp6,
 * unix,netlink}} like libscap does. Entries carry fd 0; {@link #lookup} gives a copy with the real fd.
 * A socket whose remote address is all zeros is a server socket (listening TCP or unconnected UDP).
 */
final class SocketTables {
    static final int L4_TCP = 2;
    static final int L4_UDP = 3;

    private final Map<Long, FdEntry> byInode = new HashMap<>();

    /** Reads every table under {@code netDir} (missing tables, e.g. without IPv6, are skipped). */
    static SocketTables read(Path netDir) {
        SocketTables t = new SocketTables();
        t.readInet(netDir.resolve("tcp"), L4_TCP, false);
        t.readInet(netDir.resolve("udp"), L4_UDP, false);
        t.readInet(netDir.resolve("tcp6"), L4_TCP, true);
        t.readInet(netDir.resolve("udp6"), L4_UDP, true);
        t.readUnix(netDir.resolve("unix"));
        t.readNetlink(netDir.resolve("netlink"));
        return t;
    }

    int size() {
        return byInode.size();
    }

    /** The socket with this inode as an entry for {@code fd}, or null if no table lists it. */
    FdEntry lookup(long inode, long fd) {
        FdEntry e = byInode.get(inode);
        if (e == null) {
            return null;
        }
        return switch (e) {
            case FdEntry.Ipv4Socket s -> new FdEntry.Ipv4Socket(fd, s.ino(), s.sip(), s.dip(), s.sport(), s.dport(), s.l4proto());
            case FdEntry.Ipv6Socket s -> new FdEntry.Ipv6Socket(fd, s.ino(), s.sip(), s.dip(), s.sport(), s.dport(), s.l4proto());
            case FdEntry.Ipv4ServerSocket s -> new FdEntry.Ipv4ServerSocket(fd, s.ino(), s.ip(), s.port(), s.l4proto());
            case FdEntry.Ipv6ServerSocket s -> new FdEntry.Ipv6ServerSocket(fd, s.ino(), s.ip(), s.port(), s.l4proto());
            case FdEntry.UnixSocket s -> new FdEntry.UnixSocket(fd, s.ino(), s.source(), s.dest(), s.path());
            case FdEntry.Named n -> new FdEntry.Named(fd, n.ino(), n.type(), n.name());
            case FdEntry.File f -> new FdEntry.File(fd, f.ino(), f.openFlags(), f.name(), f.dev());
        };
    }

    /**
     * Lines like {@code 0: 0100007F:1F90 00000000:0000 0A ... inode}: addresses are the kernel's
     * 32-bit words printed in host (little-endian) order, ports plain hex.
     */
    private void readInet(Path table, int l4proto, boolean v6) {
        String text = ProcFiles.text(table);
        if (text == null) {
            return;
        }
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] w = ProcFiles.words(lines[i]);
            if (w.length < 10) {
                continue;
            }
            try {
                String[] local = w[1].split(":");
                String[] remote = w[2].split(":");
                long inode = Long.parseLong(w[9]);
                int sport = Integer.parseInt(local[1], 16);
                int dport = Integer.parseInt(remote[1], 16);
                if (!v6) {
                    int sip = Integer.reverseBytes(Integer.parseUnsignedInt(local[0], 16));
                    int dip = Integer.reverseBytes(Integer.parseUnsignedInt(remote[0], 16));
                    byInode.putIfAbsent(inode, dip == 0 && dport == 0
                            ? new FdEntry.Ipv4ServerSocket(0, inode, sip, sport, l4proto)
                            : new FdEntry.Ipv4Socket(0, inode, sip, dip, sport, dport, l4proto));
                } else {
                    Ipv6Address sip = ipv6(local[0]);
                    Ipv6Address dip = ipv6(remote[0]);
                    byInode.putIfAbsent(inode, dip.equals(Ipv6Address.ANY) && dport == 0
                            ? new FdEntry.Ipv6ServerSocket(0, inode, sip, sport, l4proto)
                            : new FdEntry.Ipv6Socket(0, inode, sip, dip, sport, dport, l4proto));
                }
            } catch (RuntimeException malformed) {
                // a line this parser does not understand only loses that socket's details
            }
        }
    }

    /** 32 hex digits: four 32-bit words, each in host byte order. */
    static Ipv6Address ipv6(String hex) {
        byte[] b = new byte[16];
        for (int word = 0; word < 4; word++) {
            int v = Integer.reverseBytes(Integer.parseUnsignedInt(hex.substring(word * 8, word * 8 + 8), 16));
            b[word * 4] = (byte) (v >>> 24);
            b[word * 4 + 1] = (byte) (v >>> 16);
            b[word * 4 + 2] = (byte) (v >>> 8);
            b[word * 4 + 3] = (byte) v;
        }
        return Ipv6Address.of(b);
    }

    /** {@code Num RefCount Protocol Flags Type St Inode [Path]}; Num is the socket's kernel address. */
    private void readUnix(Path table) {
        String text = ProcFiles.text(table);
        if (text == null) {
            return;
        }
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] w = lines[i].strip().split("\\s+", 8); // the path (last) may contain spaces
            if (w.length < 7) {
                continue;
            }
            try {
                long source = Long.parseUnsignedLong(w[0].replace(":", ""), 16);
                long inode = Long.parseLong(w[6]);
                String path = w.length > 7 ? w[7] : "";
                byInode.putIfAbsent(inode, new FdEntry.UnixSocket(0, inode, source, 0, path));
            } catch (RuntimeException malformed) {
                // skip the line
            }
        }
    }

    /** {@code sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode}. */
    private void readNetlink(Path table) {
        String text = ProcFiles.text(table);
        if (text == null) {
            return;
        }
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] w = ProcFiles.words(lines[i]);
            if (w.length < 10) {
                continue;
            }
            try {
                long inode = Long.parseLong(w[9]);
                byInode.putIfAbsent(inode, new FdEntry.Named(0, inode, FdType.NETLINK, ""));
            } catch (RuntimeException malformed) {
                // skip the line
            }
        }
    }
}
