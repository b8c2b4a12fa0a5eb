package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's rules from scap-file-format.md, on hand-built files. */
class ScapReaderTest {
    static final int CLOSE_E = EventTypes.PPME_SYSCALL_CLOSE_E;
    static final int CLOSE_X = EventTypes.PPME_SYSCALL_CLOSE_X;

    @TempDir
    Path tmp;

    static Captures.Outcome read(byte[] capture, MetadataSink sink) {
        return Captures.readAll(() -> Captures.openPlain(capture, sink), true);
    }

    static Captures.Outcome read(byte[] capture) {
        return read(capture, MetadataSink.NONE);
    }

    static ScapFormatException error(byte[] capture) {
        Captures.Outcome o = read(capture);
        assertThat(o.error()).isInstanceOf(ScapFormatException.class);
        return (ScapFormatException) o.error();
    }

    @Test
    void deliversV2EventsWithCpuFlagsAndNumbers() {
        byte[] e1 = CaptureBuilder.eventV2(CLOSE_E, 10, 7, CaptureBuilder.u64(3));
        byte[] e2 = CaptureBuilder.eventV2(CLOSE_X, 11, 7, CaptureBuilder.u64(0));
        byte[] file = CaptureBuilder.section().event(BlockType.EV_V2, 3, 0, e1).event(BlockType.EVF_V2, 1, 1, e2).bytes();
        Captures.Outcome o = read(file);
        assertThat(o.error()).isNull();
        assertThat(o.copies()).containsExactly(new Captures.Event(e1, 3, 0, 1), new Captures.Event(e2, 1, 1, 2));
    }

    @Test
    void stateOnlyFlagIsExposedOnTheView() throws Exception {
        byte[] e = CaptureBuilder.eventV2(CLOSE_E, 10, 7, CaptureBuilder.u64(3));
        byte[] file = CaptureBuilder.section().event(BlockType.EVF_V2, 0, 1, e).bytes();
        EventView v = new EventView();
        try (Source s = Captures.openPlain(file, MetadataSink.NONE)) {
            assertThat(s.next(v)).isTrue();
            assertThat(v.isStateOnly()).isTrue();
            assertThat(v.paramU64(0)).isEqualTo(3);
        }
    }

    @Test
    void upgradesV1EventsInferringTheParameterCount() {
        // close_x has 1 parameter today (res); an old capture may carry fewer
        byte[] v1 = CaptureBuilder.eventV1(CLOSE_X, 5, 9, 0, CaptureBuilder.u64(-2));
        byte[] v1NoParams = CaptureBuilder.eventV1(CLOSE_X, 6, 9, 0);
        byte[] file = CaptureBuilder.section().event(BlockType.EV, 2, 0, v1).event(BlockType.EVF, 2, 1, v1NoParams).bytes();
        Captures.Outcome o = read(file);
        assertThat(o.error()).isNull();
        assertThat(o.copies().get(0).bytes()).isEqualTo(CaptureBuilder.eventV2(CLOSE_X, 5, 9, CaptureBuilder.u64(-2)));
        assertThat(o.copies().get(1).bytes()).isEqualTo(CaptureBuilder.eventV2(CLOSE_X, 6, 9));
        assertThat(o.copies().get(1).flags()).isEqualTo(1);
    }

    @Test
    void oldNotificationEventsAreThreeBytesShorterThanTheirLength() {
        int type = EventTypes.PPME_NOTIFICATION_E; // id:charbuf, desc:charbuf
        byte[] id = "x\0".getBytes(StandardCharsets.UTF_8);
        byte[] desc = "hello\0".getBytes(StandardCharsets.UTF_8);
        byte[] v1 = CaptureBuilder.eventV1(type, 1, 2, 3, id, desc);
        Captures.Outcome o = read(CaptureBuilder.section().event(BlockType.EV, 0, 0, v1).bytes());
        assertThat(o.error()).isNull();
        assertThat(o.copies().getFirst().bytes()).isEqualTo(CaptureBuilder.eventV2(type, 1, 2, id, desc));
    }

    @Test
    void aV1EventWhoseLengthsCannotAddUpIsAnError() {
        byte[] v1 = CaptureBuilder.eventV1(CLOSE_X, 5, 9, 5, CaptureBuilder.u64(-2));
        ScapFormatException e = error(CaptureBuilder.section().event(BlockType.EV, 2, 0, v1).bytes());
        assertThat(e.block()).isEqualTo("EV");
        assertThat(e.detail()).contains("cannot convert v1 event");
    }

    @Test
    void skipsEventTypesFromNewerProducersAndUnknownBlocks() {
        byte[] future = CaptureBuilder.eventV2(EventTypes.EVENT_MAX + 3, 1, 1);
        byte[] known = CaptureBuilder.eventV2(CLOSE_E, 2, 1, CaptureBuilder.u64(1));
        byte[] file = CaptureBuilder.section().block(0x7777, new ByteSink(4).u32(42))
                .event(BlockType.EV_V2, 0, 0, future).block(0x7778, new ByteSink(0)).event(BlockType.EV_V2, 0, 0, known)
                .bytes();
        Captures.Outcome o = read(file);
        assertThat(o.error()).isNull();
        assertThat(o.copies()).extracting(Captures.Event::number).containsExactly(1L);
        assertThat(o.copies().getFirst().bytes()).isEqualTo(known);
    }

    @Test
    void skipsSectionHeaderOptions() {
        byte[] e = CaptureBuilder.eventV2(CLOSE_E, 2, 1, CaptureBuilder.u64(1));
        byte[] file = new CaptureBuilder().shb(1, 2, 88).event(BlockType.EV_V2, 0, 0, e).bytes();
        assertThat(read(file).events()).isEqualTo(1);
    }

    @Test
    void aSecondSectionRestartsAndRefreshesMetadata() {
        byte[] e = CaptureBuilder.eventV2(CLOSE_E, 2, 1, CaptureBuilder.u64(1));
        ByteSink pl = new ByteSink(128);
        ProcessListCodec.write(pl, ThreadEntry.builder().tid(5).comm("late").build());
        byte[] file = CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, e).block(BlockType.PL_V9, pl)
                .shb(1, 2, 0).block(BlockType.PL_V9, pl).event(BlockType.EV_V2, 0, 0, e).bytes();
        MetadataCollector m = new MetadataCollector();
        Captures.Outcome o = read(file, m);
        assertThat(o.error()).isNull();
        assertThat(o.events()).isEqualTo(2);
        assertThat(m.sections()).extracting(SectionHeader::offset).containsExactly(0L, (long) CaptureBuilder.section()
                .event(BlockType.EV_V2, 0, 0, e).block(BlockType.PL_V9, pl).size());
        assertThat(m.threads()).extracting(ThreadEntry::comm).containsExactly("late", "late");
    }

    @Test
    void rejectsFilesThatAreNotCaptures() {
        assertThat(error(new byte[0]).detail()).isEqualTo("not a scap capture file: the file is empty");
        assertThat(error("hello world, not a capture".getBytes(StandardCharsets.UTF_8)).detail())
                .startsWith("not a scap capture file: expected a section header block");
        byte[] swapped = CaptureBuilder.section().bytes();
        MemorySegment.ofArray(swapped).set(BlockCursor.U32, 8, Integer.reverseBytes(BlockType.BYTE_ORDER_MAGIC));
        assertThat(error(swapped).getMessage())
                .isEqualTo("corrupt SHB block at offset 8: big-endian capture files are not supported");
        assertThat(error(new CaptureBuilder().shb(2, 0, 0).bytes()).detail()).contains("unsupported format version 2.0");
    }

    @Test
    void aFileWithoutEventsIsAnErrorLikeInLibscap() {
        ScapFormatException e = error(CaptureBuilder.section().block(0x7777, new ByteSink(0)).bytes());
        assertThat(e.getMessage()).isEqualTo("no events in file (at offset 40)");
    }

    @Test
    void validatesV2EventsLikeLibs() {
        byte[] ok = CaptureBuilder.eventV2(CLOSE_E, 2, 1, CaptureBuilder.u64(1));

        byte[] tooLong = ok.clone();
        MemorySegment.ofArray(tooLong).set(BlockCursor.U32, 16, 70000);
        ScapFormatException e = error(CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, tooLong).bytes());
        assertThat(e.getMessage()).isEqualTo("corrupt EV_V2 block at offset 54: event length 70000 exceeds block body 38");

        byte[] manyParams = ok.clone();
        MemorySegment.ofArray(manyParams).set(BlockCursor.U32, 22, 33);
        assertThat(error(CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, manyParams).bytes()).detail())
                .contains("33 parameters, more than the maximum of 32");

        byte[] lyingParam = ok.clone();
        MemorySegment.ofArray(lyingParam).set(BlockCursor.U16, 26, (short) 9);
        assertThat(error(CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, lyingParam).bytes()).detail())
                .isEqualTo("parameters need 37 bytes but the event length is 36");

        byte[] shortHeader = new byte[20];
        assertThat(error(CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, shortHeader).bytes()).detail())
                .isEqualTo("event header needs 26 bytes but the block body holds 22");
    }

    @Test
    void checksBlockFraming() {
        byte[] e = CaptureBuilder.eventV2(CLOSE_E, 2, 1, CaptureBuilder.u64(1));
        byte[] good = CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, e).bytes();

        byte[] badTrailer = good.clone();
        badTrailer[badTrailer.length - 4] ^= 1;
        assertThat(error(badTrailer).detail()).isEqualTo("block trailer 53 does not match the block length 52");

        byte[] tinyLength = good.clone();
        MemorySegment.ofArray(tinyLength).set(BlockCursor.U32, 32, 4);
        assertThat(error(tinyLength).detail()).isEqualTo("block length 4 is below the minimum of 12");

        byte[] halfHeader = java.util.Arrays.copyOf(good, good.length + 5);
        Captures.Outcome o = read(halfHeader);
        assertThat(o.events()).isEqualTo(1);
        assertThat(((ScapFormatException) o.error()).detail()).isEqualTo("truncated block header: 5 of 8 bytes at end of file");
    }

    @Test
    void absurdBlockLengthsInGzipAreRejectedBeforeAllocating() throws Exception {
        byte[] e = CaptureBuilder.eventV2(CLOSE_E, 2, 1, CaptureBuilder.u64(1));
        byte[] plain = CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, e).bytes();
        byte[] absurd = java.util.Arrays.copyOf(plain, plain.length + 8);
        MemorySegment.ofArray(absurd).set(BlockCursor.U32, plain.length, BlockType.EV_V2);
        MemorySegment.ofArray(absurd).set(BlockCursor.U32, plain.length + 4, 0x7FFFFFF0);
        byte[] finalGz = ScapCorruptionTest.gzip(absurd);
        Captures.Outcome o = Captures.readAll(() -> Captures.openGzip(finalGz, MetadataSink.NONE), false);
        assertThat(o.events()).isEqualTo(1);
        assertThat(o.error().getMessage()).isEqualTo(
                "corrupt EV_V2 block at offset 80 of the decompressed stream: block length 2147483632 exceeds the 1 GiB limit");

        // a lying length under the limit runs into end of file, not into a 900 MiB buffer
        byte[] lying = CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, e).bytes();
        byte[] withLie = java.util.Arrays.copyOf(lying, lying.length + 16);
        MemorySegment.ofArray(withLie).set(BlockCursor.U32, lying.length, BlockType.EV_V2);
        MemorySegment.ofArray(withLie).set(BlockCursor.U32, lying.length + 4, 900 << 20);
        byte[] gz2 = ScapCorruptionTest.gzip(withLie);
        o = Captures.readAll(() -> Captures.openGzip(gz2, MetadataSink.NONE), false);
        assertThat(o.events()).isEqualTo(1);
        assertThat(((ScapFormatException) o.error()).detail()).contains("the file ends after 16 bytes of it");
    }

    @Test
    void opensFilesAndReportsProgress() throws Exception {
        byte[] e = CaptureBuilder.eventV2(CLOSE_E, 2, 1, CaptureBuilder.u64(1));
        byte[] file = CaptureBuilder.section().event(BlockType.EV_V2, 0, 0, e).event(BlockType.EV_V2, 0, 0, e).bytes();
        Path plain = Files.write(tmp.resolve("a.scap"), file);
        Path gz = Files.write(tmp.resolve("a.scap.gz"), ScapCorruptionTest.gzip(file));
        for (Path p : new Path[] {plain, gz}) {
            try (Source s = ScapReader.open(p)) {
                assertThat(s.size()).isEqualTo(Files.size(p));
                EventView v = new EventView();
                assertThat(s.next(v)).isTrue();
                assertThat(s.next(v)).isTrue();
                assertThat(s.next(v)).isFalse();
                assertThat(s.position()).isEqualTo(s.size());
            }
        }
        assertThatThrownBy(() -> ScapReader.open(tmp.resolve("missing.scap")))
                .isExactlyInstanceOf(CaptureException.class).hasMessageContaining("no such file");
    }
}
