package dev.talon.inspect.state;

import dev.talon.scap.FdEntry;
import dev.talon.scap.GroupEntry;
import dev.talon.scap.InterfaceEntry;
import dev.talon.scap.MetadataSink;
import dev.talon.scap.ThreadEntry;
import dev.talon.scap.UserEntry;

/** Feeds a capture's metadata blocks (process list, fd lists, users, groups) into a {@link StateTracker}. */
public final class CaptureMetadata implements MetadataSink {
    private final StateTracker state;
    private final StringBuilder sb = new StringBuilder(64);

    public CaptureMetadata(StateTracker state) {
        this.state = state;
    }

    @Override
    public void networkInterface(InterfaceEntry entry) {
        switch (entry) {
            case InterfaceEntry.Ipv4 v4 -> state.addLocalAddress(v4.addr());
            case InterfaceEntry.Ipv6 v6 -> state.addLocalAddress(v6.addr().bytes());
        }
    }

    @Override
    public void thread(ThreadEntry t) {
        state.addThread(t.tid(), t.pid(), t.ptid(), t.comm(), t.exe(), t.exepath(), t.cwd(),
                Integer.toUnsignedLong(t.uid()), Integer.toUnsignedLong(t.gid()), t.fdlimit());
        ThreadInfo ti = state.threads().get(t.tid());
        if (ti == null) return;
        ti.args = t.args().toArray(ThreadInfo.NONE);
        ti.env = t.env().toArray(ThreadInfo.NONE);
        ProcessParser.setCgroups(ti, t.cgroups().toArray(ThreadInfo.NONE));
        ti.sid = t.sid();
        ti.vpgid = t.vpgid();
        ti.pgid = t.pgid();
        ti.vtid = t.vtid();
        ti.vpid = t.vpid();
        ti.tty = Integer.toUnsignedLong(t.tty());
        ti.loginuid = t.loginuid() == -1 ? -1 : Integer.toUnsignedLong(t.loginuid());
        ti.capInheritable = t.capInheritable();
        ti.capPermitted = t.capPermitted();
        ti.capEffective = t.capEffective();
        ti.capsKnown = t.capEffective() != 0 || t.capPermitted() != 0;
        ti.vmSizeKb = Integer.toUnsignedLong(t.vmsizeKb());
        ti.vmRssKb = Integer.toUnsignedLong(t.vmrssKb());
        ti.vmSwapKb = Integer.toUnsignedLong(t.vmswapKb());
        ti.pfMajor = t.pfMajor();
        ti.pfMinor = t.pfMinor();
        ti.exeIno = t.exeIno();
        ti.exeInoCtime = t.exeInoCtime();
        ti.exeInoMtime = t.exeInoMtime();
        ti.exeWritable = t.exeWritable();
        ti.exeUpperLayer = t.exeUpperLayer();
        ti.exeLowerLayer = t.exeLowerLayer();
        ti.exeFromMemfd = t.exeFromMemfd();
        ti.pidnsInitStartTs = t.pidnsInitStartTs();
    }

    @Override
    public void user(UserEntry u) {
        state.users().addUser(Integer.toUnsignedLong(u.uid()), u.name());
        state.users().addUserDetails(Integer.toUnsignedLong(u.uid()), u.homedir(), u.shell());
    }

    @Override
    public void group(GroupEntry g) {
        state.users().addGroup(Integer.toUnsignedLong(g.gid()), g.name());
    }

    @Override
    public void fd(long tid, FdEntry e) {
        switch (e) {
            // names as libsinsp imports them: see Paths.withoutUnprintable
            case FdEntry.Named n -> state.addFd(tid, n.fd(), n.type().code(), Paths.withoutUnprintable(n.name()), 0);
            case FdEntry.File f -> state.addFd(tid, f.fd(), FdInfo.FILE_V2, Paths.withoutUnprintable(f.name()), 0);
            case FdEntry.Ipv4Socket s -> {
                sb.setLength(0);
                ipv4(s.sip()).append(':').append(s.sport()).append("->");
                ipv4(s.dip()).append(':').append(s.dport());
                state.addFd(tid, s.fd(), FdInfo.IPV4_SOCK, sb.toString(), s.l4proto());
                endpoints(tid, s.fd(), v4(s.sip()), s.sport(), v4(s.dip()), s.dport());
            }
            case FdEntry.Ipv6Socket s -> {
                String name = ipv6(s.sip().bytes()) + ":" + s.sport() + "->" + ipv6(s.dip().bytes()) + ":" + s.dport();
                state.addFd(tid, s.fd(), FdInfo.IPV6_SOCK, name, s.l4proto());
                endpoints(tid, s.fd(), s.sip().bytes(), s.sport(), s.dip().bytes(), s.dport());
            }
            case FdEntry.Ipv4ServerSocket s -> {
                sb.setLength(0);
                ipv4(s.ip()).append(':').append(s.port());
                state.addFd(tid, s.fd(), FdInfo.IPV4_SERVSOCK, sb.toString(), s.l4proto());
                endpoints(tid, s.fd(), new byte[4], 0, v4(s.ip()), s.port());
            }
            case FdEntry.Ipv6ServerSocket s ->
                state.addFd(tid, s.fd(), FdInfo.IPV6_SERVSOCK, ipv6(s.ip().bytes()) + ":" + s.port(), s.l4proto());
            case FdEntry.UnixSocket u -> state.addFd(tid, u.fd(), FdInfo.UNIX_SOCK, u.path(), 0);
        }
    }

    private void endpoints(long tid, long fd, byte[] client, int cport, byte[] server, int sport) {
        ThreadInfo t = state.threads().get(tid);
        FdInfo f = t == null ? null : t.fds.get(fd);
        if (f != null) f.endpoints(client, cport, server, sport);
    }

    private static byte[] v4(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private StringBuilder ipv4(int v) {
        return sb.append((v >>> 24) & 0xff).append('.').append((v >>> 16) & 0xff).append('.')
                .append((v >>> 8) & 0xff).append('.').append(v & 0xff);
    }

    private static String ipv6(byte[] b) {
        StringBuilder s = new StringBuilder();
        SockAddrs.ipv6(s, java.nio.ByteBuffer.wrap(b), 0);
        return s.toString();
    }
}
