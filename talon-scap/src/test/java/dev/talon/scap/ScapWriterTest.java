package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.synthetic.EventEncoder;
import dev.talon.scap.synthetic.SyntheticSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScapWriterTest {
    static final ThreadEntry INIT = ThreadEntry.builder().tid(1).pid(1).comm("init").exe("/sbin/init").build();

    @TempDir
    Path tmp;

    static Map<String, Integer> blockCounts(Path file) throws CaptureException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (BlockInput in = ScapReader.openBlocks(file)) {
            while (in.nextBlock()) {
                counts.merge(BlockType.name(in.type()), 1, Integer::sum);
            }
        }
        return counts;
    }

    static void copyAll(Source src, ScapWriter w) throws CaptureException {
        EventView v = new EventView();
        while (src.next(v)) {
            w.write(v);
        }
    }

    @Test
    void picksTheBlockTypeFromDumpFlagsAndLargePayload() throws Exception {
        Path out = tmp.resolve("kinds.scap");
        byte[] json = EventEncoder.encode(EventTypes.PPME_CONTAINER_JSON_2_E, 3, 1, "{\"container\":{}}");
        try (ScapWriter w = ScapWriter.create(out)) {
            Source src = SyntheticSource.builder().thread(INIT)
                    .event(EventTypes.PPME_SYSCALL_CLOSE_E, 1, 1, 3L)
                    .raw(2, 1, EventEncoder.encode(EventTypes.PPME_SYSCALL_CLOSE_X, 2, 1, 0L))
                    .raw(0, 0, json)
                    .raw(0, 1 | 4, json) // the LARGE flag is never stored
                    .open(w);
            copyAll(src, w);
        }
        assertThat(blockCounts(out)).containsExactly(Map.entry("SHB", 1), Map.entry("PL_V9", 1), Map.entry("EV_V2", 1),
                Map.entry("EVF_V2", 1), Map.entry("EV_V2_LARGE", 1), Map.entry("EVF_V2_LARGE", 1));
        Captures.Outcome o = Captures.readAll(() -> ScapReader.open(out), true);
        assertThat(o.copies()).extracting(Captures.Event::flags).containsExactly(0, 1, 0, 1);
        assertThat(o.copies()).extracting(Captures.Event::cpu).containsExactly(0, 2, 0, 0);
        assertThat(o.copies().get(2).bytes()).isEqualTo(json);
    }

    @Test
    void dropsFdTablesSysdigCannotRead() throws Exception {
        Path out = tmp.resolve("fds.scap");
        FdEntry file = new FdEntry.File(3, 9, 1, "/etc/passwd", 2049);
        FdEntry memfd = new FdEntry.Named(4, 10, FdType.MEMFD, "memfd:x");
        try (ScapWriter w = ScapWriter.create(out)) {
            copyAll(SyntheticSource.builder().thread(INIT).fd(1, file).fd(1, memfd)
                    .fd(999, new FdEntry.Named(5, 0, FdType.FIFO, "pipe")) // no such thread
                    .event(EventTypes.PPME_SYSCALL_CLOSE_E, 1, 1, 3L).open(w), w);
        }
        MetadataCollector m = new MetadataCollector();
        Captures.readAll(() -> ScapReader.open(out, m), false);
        assertThat(m.fds()).containsExactly(new MetadataCollector.ThreadFd(1, file));
    }

    @Test
    void metadataAfterEventsIsWrittenWhereItArrives() throws Exception {
        Path out = tmp.resolve("refresh.scap");
        ThreadEntry late = ThreadEntry.builder().tid(2).comm("late").build();
        try (ScapWriter w = ScapWriter.create(out)) {
            copyAll(SyntheticSource.builder().thread(INIT).event(EventTypes.PPME_SYSCALL_CLOSE_E, 1, 1, 3L).open(w), w);
            w.thread(late);                                // a refresh within the section
            copyAll(SyntheticSource.builder().event(EventTypes.PPME_SYSCALL_CLOSE_E, 2, 2, 3L).build(), w);
            w.sectionStart(new SectionHeader(1, 2, -1, 0)); // a new section
            w.thread(INIT);
            copyAll(SyntheticSource.builder().event(EventTypes.PPME_SYSCALL_CLOSE_E, 3, 1, 3L).build(), w);
        }
        MetadataCollector m = new MetadataCollector();
        Captures.Outcome o = Captures.readAll(() -> ScapReader.open(out, m), false);
        assertThat(o.error()).isNull();
        assertThat(o.events()).isEqualTo(3);
        assertThat(m.sections()).hasSize(2);
        assertThat(m.threads()).containsExactly(INIT, late, INIT);
    }

    @Test
    void aFileCutAfterAFlushIsReadableUpToThatFlush() throws Exception {
        Path out = tmp.resolve("crash.scap");
        ScapWriter w = ScapWriter.create(out);
        SyntheticSource.Builder b = SyntheticSource.builder().thread(INIT);
        for (int i = 0; i < 5000; i++) {
            b.event(EventTypes.PPME_SYSCALL_CLOSE_E, i, 1, (long) i);
        }
        copyAll(b.open(w), w);
        w.flush();
        long flushed = Files.size(out);
        // more events, still in the buffer when the "crash" happens
        copyAll(SyntheticSource.builder().event(EventTypes.PPME_SYSCALL_CLOSE_E, 9, 1, 9L).build(), w);
        Path crashed = Files.copy(out, tmp.resolve("crashed.scap"));
        w.close();
        assertThat(Files.size(crashed)).isEqualTo(flushed);
        Captures.Outcome o = Captures.readAll(() -> ScapReader.open(crashed), false);
        assertThat(o.error()).isNull();
        assertThat(o.events()).isEqualTo(5000);
        assertThat(Captures.readAll(() -> ScapReader.open(out), false).events()).isEqualTo(5001);
    }

    @Test
    void writesEveryKindOfMetadataReadableBack() throws Exception {
        Path out = tmp.resolve("meta.scap");
        MachineInfo mi = new MachineInfo(8, 1L << 34, 4194304, "box", 1_700_000_000_000_000_000L, 1);
        List<InterfaceEntry> ifs = List.of(new InterfaceEntry.Ipv4("lo", 0x7F000001, 0xFF000000, 0x7F000001, 0),
                new InterfaceEntry.Ipv6("eth0", new Ipv6Address(0xfe80L << 48, 1), new Ipv6Address(-1, 0),
                        Ipv6Address.ANY, 1000));
        UserEntry root = new UserEntry(0, 0, "root", "/root", "/bin/bash");
        GroupEntry wheel = new GroupEntry(10, "wheel");
        try (ScapWriter w = ScapWriter.create(out)) {
            SyntheticSource.Builder b = SyntheticSource.builder().machineInfo(mi).user(root).group(wheel).thread(INIT)
                    .event(EventTypes.PPME_SYSCALL_CLOSE_E, 1, 1, 3L);
            ifs.forEach(b::networkInterface);
            copyAll(b.open(w), w);
        }
        assertThat(blockCounts(out)).containsExactly(Map.entry("SHB", 1), Map.entry("MI", 1), Map.entry("IL_V2", 1),
                Map.entry("UL_V2", 1), Map.entry("PL_V9", 1), Map.entry("EV_V2", 1));
        MetadataCollector m = new MetadataCollector();
        Captures.readAll(() -> ScapReader.open(out, m), false);
        assertThat(m.machineInfos()).containsExactly(mi);
        assertThat(m.interfaces()).isEqualTo(ifs);
        assertThat(m.users()).containsExactly(root);
        assertThat(m.groups()).containsExactly(wheel);
        assertThat(m.threads()).containsExactly(INIT);
    }
}
