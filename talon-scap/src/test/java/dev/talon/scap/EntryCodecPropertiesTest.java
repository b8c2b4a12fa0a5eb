package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the process-list and fd-list entry parsers. */
class EntryCodecPropertiesTest {

    static BlockCursor cursor(byte[] b) {
        return new BlockCursor(MemorySegment.ofArray(b), 0, b.length, 0, "TEST", false);
    }

    static byte[] bytes(ByteSink s) {
        return Arrays.copyOf(s.array(), s.size());
    }

    @Property(tries = 300)
    void threadEntriesSurviveAV9RoundTrip(@ForAll("threads") ThreadEntry t) throws Exception {
        ByteSink s = new ByteSink(256);
        ProcessListCodec.write(s, t);
        BlockCursor c = cursor(bytes(s));
        assertThat(ProcessListCodec.read(c, 9)).isEqualTo(t);
        assertThat(c.remaining()).isZero();
    }

    @Property(tries = 300)
    void aV9EntryWithATruncatedTailKeepsTheDefaultsOfWhatIsMissing(@ForAll("threads") ThreadEntry t,
            @ForAll @IntRange(min = 0, max = 76) int tail) throws Exception {
        ByteSink s = new ByteSink(256);
        ProcessListCodec.write(s, t);
        byte[] b = Arrays.copyOf(s.array(), s.size() - 76 + tail);
        MemorySegment.ofArray(b).set(BlockCursor.U32, 0, b.length);
        ThreadEntry read = ProcessListCodec.read(cursor(b), 9);
        assertThat(read.tid()).isEqualTo(t.tid());
        assertThat(read.root()).isEqualTo(t.root());
        if (tail <= 29) {
            // the pre-0.10 rule: the tail starts at loginuid
            assertThat(read.pidnsInitStartTs()).isZero();
        }
        if (tail == 76) {
            assertThat(read).isEqualTo(t);
        }
        if (tail == 0) {
            assertThat(read.loginuid()).isEqualTo(-1);
            assertThat(read.pgid()).isEqualTo(-1);
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAnEntryOrAFormatError(@ForAll @Size(max = 300) byte[] b,
            @ForAll @IntRange(min = 1, max = 9) int version) {
        try {
            ThreadEntry t = ProcessListCodec.read(cursor(b), version);
            assertThat(t).isNotNull();
        } catch (ScapFormatException e) {
            assertThat(e.offset()).isBetween(0L, (long) b.length);
            assertThat(e.getMessage()).startsWith("corrupt TEST block at offset ");
        }
    }

    @Property(tries = 300)
    void fdEntriesSurviveAnFdlV2RoundTrip(@ForAll("fds") FdEntry fd) throws Exception {
        ByteSink s = new ByteSink(64);
        FdListCodec.write(s, fd);
        BlockCursor c = cursor(bytes(s));
        assertThat(FdListCodec.read(c, true)).isEqualTo(fd);
        assertThat(c.remaining()).isZero();
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAnFdOrAFormatError(@ForAll @Size(max = 120) byte[] b, @ForAll boolean v2) {
        try {
            assertThat(FdListCodec.read(cursor(b), v2)).isNotNull();
        } catch (ScapFormatException e) {
            assertThat(e.offset()).isBetween(0L, (long) b.length);
        }
    }

    @Property(tries = 200)
    void unknownFdTypesInFdlV2BecomeUnsupportedAndAreSkipped(@ForAll @IntRange(min = 22, max = 255) int type,
            @ForAll @Size(max = 40) byte[] payload) throws Exception {
        ByteSink s = new ByteSink(64);
        s.u32(21 + payload.length).u64(7).u64(9).u8(type).bytes(payload).u32(0xABCD);
        BlockCursor c = cursor(bytes(s));
        assertThat(FdListCodec.read(c, true))
                .isEqualTo(new FdEntry.Named(7, 9, FdType.UNSUPPORTED, "unknown-type:[" + type + "]"));
        assertThat(c.u32("next")).isEqualTo(0xABCD);
    }

    @Provide
    Arbitrary<ThreadEntry> threads() {
        Arbitrary<String> str = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40);
        Arbitrary<List<String>> list = str.list().ofMaxSize(5);
        Arbitrary<Long> l = Arbitraries.longs();
        Arbitrary<Integer> i = Arbitraries.integers();
        return Combinators.combine(l, l, str, list, list, i, Arbitraries.of(true, false), l)
                .as((tid, caps, comm, args, env, uid, flag, ino) -> ThreadEntry.builder()
                        .tid(tid).pid(tid / 2).ptid(7).sid(3).vpgid(4).comm(comm).exe(comm + "x").exepath("/" + comm)
                        .args(args).cwd("/tmp").fdlimit(1024).flags(uid >>> 3).uid(uid).gid(uid + 1)
                        .vmsizeKb(1).vmrssKb(2).vmswapKb(3).pfMajor(4).pfMinor(5).env(env).vtid(tid).vpid(-1)
                        .cgroups(args).root("/").pidnsInitStartTs(ino).tty(uid).loginuid(uid - 1).exeWritable(flag)
                        .capInheritable(caps).capPermitted(caps >>> 1).capEffective(caps >>> 2).exeUpperLayer(!flag)
                        .exeIno(ino).exeInoCtime(ino + 1).exeInoMtime(ino + 2).exeFromMemfd(flag).exeLowerLayer(flag)
                        .pgid(tid + 5).build());
    }

    @Provide
    Arbitrary<FdEntry> fds() {
        Arbitrary<Long> l = Arbitraries.longs();
        Arbitrary<Integer> i = Arbitraries.integers();
        Arbitrary<Integer> port = Arbitraries.integers().between(0, 65535);
        Arbitrary<String> name = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60);
        Arbitrary<Ipv6Address> ip6 = Combinators.combine(l, l).as(Ipv6Address::new);
        Arbitrary<FdType> named = Arbitraries.of(Arrays.stream(FdType.values()).filter(t -> switch (t) {
            case IPV4_SOCK, IPV6_SOCK, IPV4_SERVSOCK, IPV6_SERVSOCK, UNIX_SOCK, FILE_V2, UNKNOWN -> false;
            default -> true;
        }).toList());
        return Arbitraries.oneOf(
                Combinators.combine(l, l, named, name).as(FdEntry.Named::new),
                Combinators.combine(l, l, i, name, i).as(FdEntry.File::new),
                Combinators.combine(l, l, i, i, port, port, Arbitraries.integers().between(0, 5)).as(FdEntry.Ipv4Socket::new),
                Combinators.combine(l, l, ip6, ip6, port, port, Arbitraries.integers().between(0, 5)).as(FdEntry.Ipv6Socket::new),
                Combinators.combine(l, l, i, port, Arbitraries.integers().between(0, 5)).as(FdEntry.Ipv4ServerSocket::new),
                Combinators.combine(l, l, ip6, port, Arbitraries.integers().between(0, 5)).as(FdEntry.Ipv6ServerSocket::new),
                Combinators.combine(l, l, l, l, name).as(FdEntry.UnixSocket::new),
                l.map(fd -> new FdEntry.Named(fd, 0, FdType.UNKNOWN, "")));
    }

    @Property(tries = 50)
    void overlongStringsAreRejectedWithTheirField(@ForAll @IntRange(min = 1025, max = 4000) int len) {
        ByteSink s = new ByteSink(64);
        s.u64(1).u64(1).u64(0).u16(len).zeros(len);
        assertThatThrownBy(() -> ProcessListCodec.read(cursor(bytes(s)), 1))
                .isInstanceOf(ScapFormatException.class)
                .hasMessageContaining("comm length " + len + " exceeds the maximum of 1024");
    }
}
