package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fixture → ScapWriter → ScapReader keeps every event byte for byte and all the metadata. */
class ScapRoundTripTest {
    @TempDir
    Path tmp;

    static List<Fixtures.Fixture> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void copyKeepsEventsAndMetadata(Fixtures.Fixture f) throws Exception {
        Path out = tmp.resolve("copy.scap");
        MetadataCollector original = new MetadataCollector();
        List<Captures.Event> originalEvents;
        try (ScapWriter w = ScapWriter.create(out)) {
            MetadataSink both = new Tee(original, w);
            Captures.Outcome o = Captures.readAll(() -> ScapReader.open(f.path(), both), true);
            assertThat(o.error()).isNull();
            originalEvents = o.copies();
            for (Captures.Event e : originalEvents) {
                w.write(new SingleEvent(e).view());
            }
            assertThat(w.eventsWritten()).isEqualTo(originalEvents.size());
        }
        MetadataCollector copied = new MetadataCollector();
        Captures.Outcome back = Captures.readAll(() -> ScapReader.open(out, copied), true);
        assertThat(back.error()).isNull();
        assertThat(back.copies()).containsExactlyElementsOf(originalEvents);

        assertThat(copied.sections()).singleElement().satisfies(s -> {
            assertThat(s.majorVersion()).isEqualTo(1);
            assertThat(s.minorVersion()).isEqualTo(2);
        });
        assertThat(copied.machineInfos()).isEqualTo(original.machineInfos());
        assertThat(copied.interfaces()).containsExactlyInAnyOrderElementsOf(original.interfaces());
        assertThat(copied.users()).isEqualTo(original.users());
        assertThat(copied.groups()).isEqualTo(original.groups());
        assertThat(copied.threads()).isEqualTo(original.threads());
        Set<Long> tids = original.threads().stream().map(ThreadEntry::tid).collect(Collectors.toSet());
        List<MetadataCollector.ThreadFd> expectedFds = original.fds().stream()
                .filter(fd -> FdListCodec.writable(fd.fd()) && tids.contains(fd.tid())).toList();
        assertThat(copied.fds()).isEqualTo(expectedFds);
    }

    /** Forwards metadata to two sinks. */
    record Tee(MetadataSink a, MetadataSink b) implements MetadataSink {
        @Override public void sectionStart(SectionHeader h) { a.sectionStart(h); b.sectionStart(h); }
        @Override public void machineInfo(MachineInfo i) { a.machineInfo(i); b.machineInfo(i); }
        @Override public void networkInterface(InterfaceEntry e) { a.networkInterface(e); b.networkInterface(e); }
        @Override public void user(UserEntry e) { a.user(e); b.user(e); }
        @Override public void group(GroupEntry e) { a.group(e); b.group(e); }
        @Override public void thread(ThreadEntry e) { a.thread(e); b.thread(e); }
        @Override public void fd(long tid, FdEntry e) { a.fd(tid, e); b.fd(tid, e); }
    }

    /** A view over one copied event. */
    record SingleEvent(Captures.Event e) {
        dev.talon.event.EventView view() {
            return new dev.talon.event.EventView().wrap(java.lang.foreign.MemorySegment.ofArray(e.bytes()), 0)
                    .cpu(e.cpu()).dumpFlags(e.flags()).number(e.number());
        }
    }
}
