package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Damaged input gives the events before the damage and then exactly one ScapFormatException with an
 * offset, or a clean end; never another exception, never a hang.
 */
class ScapCorruptionTest {

    /** Block boundaries of a plain capture and which blocks are events. */
    record Layout(long[] ends, boolean[] isEvent) {
        static Layout of(byte[] capture) throws CaptureException {
            List<Long> ends = new ArrayList<>();
            List<Boolean> ev = new ArrayList<>();
            try (BlockInput in = new MappedBlockInput(MemorySegment.ofArray(capture))) {
                while (in.nextBlock()) {
                    ends.add(in.streamOffset() + in.total());
                    ev.add(BlockType.isEvent(in.type()));
                }
            }
            boolean[] e = new boolean[ev.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = ev.get(i);
            }
            return new Layout(ends.stream().mapToLong(Long::longValue).toArray(), e);
        }

        int eventsEndingBy(long n) {
            int c = 0;
            for (int i = 0; i < ends.length && ends[i] <= n; i++) {
                c += isEvent[i] ? 1 : 0;
            }
            return c;
        }

        boolean isBoundary(long n) {
            return n == 0 || Arrays.binarySearch(ends, n) >= 0;
        }
    }

    @Test
    void everyTruncationOfAV1CaptureEndsCleanlyOrWithOneError() throws Exception {
        byte[] full = Captures.plainBytes(Fixtures.named("falco__cat_write.scap").path());
        Layout layout = Layout.of(full);
        List<Captures.Event> all = Captures.readAll(() -> Captures.openPlain(full, MetadataSink.NONE), true).copies();
        assertThat(all).hasSize(345);

        // every offset within 5 bytes of a block boundary, and every 37th byte elsewhere
        TreeSet<Integer> cuts = new TreeSet<>();
        for (long end : layout.ends()) {
            for (int d = -5; d <= 5; d++) {
                cuts.add((int) Math.max(0, Math.min(full.length, end + d)));
            }
        }
        for (int i = 0; i < full.length; i += 37) {
            cuts.add(i);
        }
        for (int n : cuts) {
            byte[] cut = Arrays.copyOf(full, n);
            Captures.Outcome o = Captures.readAll(() -> Captures.openPlain(cut, MetadataSink.NONE), true);
            int expected = layout.eventsEndingBy(n);
            assertThat(o.copies()).as("events before a cut at %d", n).containsExactlyElementsOf(all.subList(0, expected));
            if (layout.isBoundary(n) && expected > 0) {
                assertThat(o.error()).as("cut at block boundary %d", n).isNull();
            } else {
                assertThat(o.error()).as("cut at %d", n).isInstanceOf(ScapFormatException.class);
                ScapFormatException e = (ScapFormatException) o.error();
                assertThat(e.offset()).as("error offset for cut at %d: %s", n, e.getMessage()).isBetween(0L, (long) n);
                if (expected == 0 && layout.isBoundary(n) && n > 0) {
                    assertThat(e.getMessage()).startsWith("no events in file");
                }
            }
        }
    }

    @Test
    void truncatedGzipGivesEventsThenOneErrorInDecompressedOffsets() throws Exception {
        byte[] gz = Files.readAllBytes(Fixtures.named("falco__ping_sendto.scap").path());
        int total = Captures.readAll(() -> Captures.openGzip(gz, MetadataSink.NONE), false).events();
        int previous = -1;
        for (int n = 0; n < gz.length; n += 1 + gz.length / 300) {
            byte[] cut = Arrays.copyOf(gz, n);
            Captures.Outcome o = Captures.readAll(() -> Captures.openGzip(cut, MetadataSink.NONE), false);
            assertThat(o.error()).as("gzip cut at %d", n).isInstanceOf(ScapFormatException.class);
            assertThat(o.events()).isLessThan(total).isGreaterThanOrEqualTo(previous);
            previous = o.events();
            ScapFormatException e = (ScapFormatException) o.error();
            if (n > 10) {
                assertThat(e.isDecompressedOffset()).isTrue();
                assertThat(e.getMessage()).contains("decompressed");
            }
        }
        assertThat(previous).isGreaterThan(total / 2);
    }

    @Test
    void randomByteFlipsNeverEscapeAsAnotherExceptionType() throws Exception {
        String[] names = {"falco__cat_write.scap", "libs__curl_google.scap", "falco__empty_2019.scap",
            "libs__single_ipv6_conn.scap", "falco__psp_write_tmp_test.scap", "libs__sample.scap"};
        Random rnd = new Random(0x5CA9);
        int trials = 0;
        int errors = 0;
        for (String name : names) {
            byte[] plain = Captures.plainBytes(Fixtures.named(name).path());
            int events = Captures.readAll(() -> Captures.openPlain(plain, MetadataSink.NONE), false).events();
            for (int t = 0; t < 500; t++) {
                byte[] bad = plain.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                Captures.Outcome o = Captures.readAll(() -> Captures.openPlain(bad, MetadataSink.NONE), false);
                trials++;
                if (o.error() != null) {
                    errors++;
                    assertThat(o.error()).isInstanceOf(ScapFormatException.class);
                    assertThat(((ScapFormatException) o.error()).offset()).isBetween(0L, (long) bad.length);
                } else {
                    // a flip inside a parameter value or a skipped block leaves a readable file
                    assertThat(o.events()).isLessThanOrEqualTo(events);
                }
            }
        }
        // flips in compressed data: the inflater or the CRC catches them
        byte[] gz = gzip(Captures.plainBytes(Fixtures.named("falco__cat_write.scap").path()));
        for (int t = 0; t < 300; t++) {
            byte[] bad = gz.clone();
            bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
            Captures.Outcome o = Captures.readAll(() -> Captures.openGzip(bad, MetadataSink.NONE), false);
            trials++;
            if (o.error() != null) {
                errors++;
                assertThat(o.error()).isInstanceOf(ScapFormatException.class);
            }
        }
        assertThat(trials).isEqualTo(3300);
        assertThat(errors).as("damage is mostly detected").isGreaterThan(trials / 4);
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(plain);
        }
        return bo.toByteArray();
    }
}
