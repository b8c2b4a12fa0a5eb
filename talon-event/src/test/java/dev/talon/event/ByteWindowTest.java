package dev.talon.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteWindowTest {
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    record Reads(byte[] bytes, boolean nativeCopy, int[] offsets) {}

    @Provide
    Arbitrary<Reads> reads() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(8).ofMaxSize(300);
        return Combinators.combine(bytes, Arbitraries.of(true, false), Arbitraries.integers().between(0, 1 << 20)
                        .array(int[].class).ofMinSize(1).ofMaxSize(40))
                .as(Reads::new);
    }

    /** Any sequence of reads, over heap or native memory, gives what MemorySegment.get gives. */
    @Property
    void readsEqualTheSegmentsOwn(@ForAll("reads") Reads r) {
        MemorySegment seg = MemorySegment.ofArray(r.bytes());
        if (r.nativeCopy()) seg = Arena.ofAuto().allocate(r.bytes().length).copyFrom(seg);
        ByteWindow w = new ByteWindow();
        for (int raw : r.offsets()) {
            long at = raw % (r.bytes().length - 7);
            switch (raw & 3) {
                case 0 -> assertThat(w.getLong(seg, at)).isEqualTo(seg.get(U64, at));
                case 1 -> assertThat(w.getInt(seg, at)).isEqualTo(seg.get(U32, at));
                case 2 -> assertThat(w.getShort(seg, at)).isEqualTo(seg.get(U16, at));
                default -> assertThat(w.getByte(seg, at)).isEqualTo(seg.get(ValueLayout.JAVA_BYTE, at));
            }
        }
    }

    @Test
    void followsTheSegmentItIsGiven() {
        MemorySegment a = MemorySegment.ofArray(new byte[] {1, 0, 0, 0});
        MemorySegment b = MemorySegment.ofArray(new byte[] {2, 0, 0, 0});
        ByteWindow w = new ByteWindow();
        assertThat(w.getInt(a, 0)).isEqualTo(1);
        var bufferOfA = w.buffer();
        assertThat(w.getInt(b, 0)).isEqualTo(2);
        assertThat(w.getInt(a, 0)).isEqualTo(1);
        // alternating segments (a live source's per-CPU rings) reuse their buffers instead of making new ones
        assertThat(w.buffer()).isSameAs(bufferOfA);
    }

    @Test
    void readsPastTheEndFail() {
        MemorySegment a = MemorySegment.ofArray(new byte[6]);
        ByteWindow w = new ByteWindow();
        assertThatThrownBy(() -> w.getInt(a, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> w.getByte(a, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> w.getByte(a, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /**
     * A mapping beyond what one ByteBuffer addresses (a sparse 2.5 GiB file, so no disk is used): values
     * near the start, across a window step and near the end all read back, also out of order.
     */
    @Test
    void segmentsBeyondTwoGibAreReadThroughWindows(@TempDir Path dir) throws IOException {
        long size = (5L << 30) / 2;
        long[] at = {0, ByteWindow.WINDOW_STEP - 16, ByteWindow.WINDOW_STEP, 3 * ByteWindow.WINDOW_STEP + 5,
                Integer.MAX_VALUE - 2L, size - 8};
        Path file = dir.resolve("sparse");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long p : at) ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, p ^ 0x5A5A), p);
        }
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            ByteWindow w = new ByteWindow();
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < at.length; k++) {
                    long p = at[round == 0 ? k : at.length - 1 - k];
                    assertThat(w.getLong(seg, p)).as("u64 at %d", p).isEqualTo(p ^ 0x5A5A);
                }
            }
            // an event that starts just below a step reads on past it in the same window
            int i = w.at(seg, ByteWindow.WINDOW_STEP - 3);
            assertThat(w.buffer().getLong(i + 3)).isEqualTo(ByteWindow.WINDOW_STEP ^ 0x5A5A);
            assertThatThrownBy(() -> w.getByte(seg, size)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
