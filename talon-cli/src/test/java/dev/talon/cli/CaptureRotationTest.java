package dev.talon.cli;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.MachineInfo;
import dev.talon.scap.MetadataCollector;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import dev.talon.scap.synthetic.EventEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** -w with -C/-W/-G: file names, sizes, wrap-around and a full state at the head of every file. */
class CaptureRotationTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final byte[] PAYLOAD = new byte[1000];

    private static EventView write(long ts) {
        byte[] ev = EventEncoder.encode(EventTypes.PPME_SYSCALL_WRITE_X, ts, 42, 1000L, PAYLOAD, 3L, 1000);
        return new EventView().wrap(MemorySegment.ofArray(ev), 0);
    }

    private static long count(Path file, MetadataCollector meta) throws Exception {
        long n = 0;
        try (Source s = ScapReader.open(file, meta)) {
            EventView v = new EventView();
            while (s.next(v)) {
                n++;
            }
        }
        return n;
    }

    /** Writes a machine-info block as the "state" of each new file and counts the calls. */
    private static final class State implements java.util.function.Consumer<dev.talon.scap.MetadataSink> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void accept(dev.talon.scap.MetadataSink sink) {
            sink.machineInfo(new MachineInfo(2, 1, 1, "host" + calls.incrementAndGet(), 0, 0));
        }
    }

    @Test
    void sizeRotationWrapsAtTheFileLimitWithPaddedIndexes(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("cap");
        State state = new State();
        List<Path> files;
        try (CaptureRotation r = new CaptureRotation(new CaptureRotation.Settings(base, 1, 0, 10), state)) {
            state.accept(r.firstFileSink());
            r.stateWritten();
            for (int i = 0; i < 2500; i++) { // ~2.5 MB: three files of 1 MB
                r.accept(write(T0 + i));
            }
            files = r.files();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("cap00", "cap01", "cap02");
        long total = 0;
        for (Path f : files) {
            MetadataCollector meta = new MetadataCollector();
            total += count(f, meta);
            assertThat(meta.machineInfos()).as("state at the head of %s", f).hasSize(1);
            assertThat(Files.size(f)).isLessThanOrEqualTo(1_000_000L + 2000);
        }
        assertThat(total).isEqualTo(2500);
        assertThat(Files.size(files.get(0))).isGreaterThan(1_000_000L);
    }

    @Test
    void indexWrapsAtW(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("w");
        State state = new State();
        List<Path> files;
        try (CaptureRotation r = new CaptureRotation(new CaptureRotation.Settings(base, 1, 0, 2), state)) {
            r.stateWritten();
            for (int i = 0; i < 2500; i++) {
                r.accept(write(T0 + i));
            }
            files = r.files();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("w0", "w1", "w0");
        try (var ls = Files.list(dir)) {
            assertThat(ls.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("w0", "w1");
        }
        assertThat(count(dir.resolve("w0"), new MetadataCollector())).as("the newest generation").isLessThan(1000);
    }

    @Test
    void noRotationFlagsWriteExactlyTheNamedFile(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("plain.scap");
        try (CaptureRotation r = new CaptureRotation(new CaptureRotation.Settings(base, 0, 0, 5), new State())) {
            r.stateWritten();
            for (int i = 0; i < 3000; i++) {
                r.accept(write(T0 + i));
            }
            assertThat(r.files()).containsExactly(base);
        }
        assertThat(count(base, new MetadataCollector())).isEqualTo(3000);
    }

    @Test
    void timeRotationByEventTimestampsWithStrftimeNamesAndDeletion(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("t-%Y%m%d-%H%M%S.scap");
        State state = new State();
        long start = java.time.Instant.now().getEpochSecond();
        List<Path> files;
        try (CaptureRotation r = new CaptureRotation(new CaptureRotation.Settings(base, 0, 10, 2), state)) {
            r.stateWritten();
            for (int s = 0; s < 35; s++) { // one event per second for 35 s: a new file every 10 s
                r.accept(write((start + s) * 1_000_000_000L));
            }
            files = r.files();
        }
        assertThat(files).hasSize(4);
        List<String> expected = new ArrayList<>();
        for (long at : new long[] {start, start + 10, start + 20, start + 30}) {
            expected.add(Strftime.format("t-%Y%m%d-%H%M%S.scap",
                    ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(at), ZoneId.systemDefault())));
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyElementsOf(expected);
        try (var ls = Files.list(dir)) {
            assertThat(ls.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("-W 2 keeps the two newest").containsExactly(expected.get(2), expected.get(3));
        }
        assertThat(state.calls.get()).as("a fresh state for each rotated file").isEqualTo(3);
    }

    @Test
    void timeRotationWithoutPatternNumbersTheFiles(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("g");
        long start = java.time.Instant.now().getEpochSecond();
        try (CaptureRotation r = new CaptureRotation(new CaptureRotation.Settings(base, 0, 5, 0), new State())) {
            r.stateWritten();
            for (int s = 0; s < 12; s++) {
                r.accept(write((start + s) * 1_000_000_000L));
            }
            assertThat(r.files()).extracting(p -> p.getFileName().toString()).containsExactly("g0", "g1", "g2");
        }
    }

    @Test
    void strftimeConversions() {
        ZonedDateTime t = ZonedDateTime.of(2024, 3, 7, 9, 5, 4, 0, ZoneId.of("UTC"));
        assertThat(Strftime.format("%Y-%m-%d_%H:%M:%S %j %y %b %a %% %q", t))
                .isEqualTo("2024-03-07_09:05:04 067 24 Mar Thu % %q");
    }
}
