package dev.talon.driver;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.CaptureException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ring consumer against synthetic rings laid out like kernel/bpf/ringbuf.c (no kernel). */
class RingBufferTest {
    private static final long SIZE = 4096;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    /** A fake ring: consumer page, producer page and a doubly "mapped" data area. */
    static final class FakeRing {
        final MemorySegment consumer;
        final MemorySegment producer;
        final MemorySegment data;
        long prod;

        FakeRing(Arena arena, long startPos) {
            consumer = arena.allocate(8, 8);
            producer = arena.allocate(8, 8);
            data = arena.allocate(2 * SIZE, 8);
            consumer.set(U64, 0, startPos);
            producer.set(U64, 0, startPos);
            prod = startPos;
        }

        RingBuffer ring(int cpu) {
            return new RingBuffer(consumer, producer, data, SIZE, cpu);
        }

        /** Appends a record whose payload is a minimal event (header only, no params). */
        long append(long ts, int payload, int flags) {
            long pos = prod;
            byte[] bytes = new byte[8 + payload];
            MemorySegment rec = MemorySegment.ofArray(bytes);
            rec.set(U32, 0, payload | flags);
            if (payload >= EventView.HEADER_V2) {
                rec.set(U64, 8, ts);
                rec.set(U64, 16, 42);
                rec.set(U32, 24, payload);
                rec.set(ValueLayout.JAVA_SHORT_UNALIGNED, 28, (short) EventTypes.PPME_GENERIC_X);
                rec.set(U32, 30, 0);
            }
            // write through both "mappings" so records crossing the end stay contiguous
            for (int i = 0; i < bytes.length; i++) {
                long at = (pos + i) & (SIZE - 1);
                data.set(ValueLayout.JAVA_BYTE, at, bytes[i]);
                data.set(ValueLayout.JAVA_BYTE, at + SIZE, bytes[i]);
            }
            prod = pos + RingBuffer.align8(8 + payload);
            producer.set(U64, 0, prod);
            return pos;
        }

        void setFlags(long pos, int payload, int flags) {
            long at = pos & (SIZE - 1);
            data.set(U32, at, payload | flags);
            data.set(U32, at + SIZE, payload | flags);
        }
    }

    @Test
    void emptyRingHasNothing() {
        try (Arena a = Arena.ofConfined()) {
            assertThat(new FakeRing(a, 0).ring(0).peek()).isEqualTo(-1);
        }
    }

    @Test
    void committedRecordIsPeekedUntilReleasedThenConsumerAdvances() {
        try (Arena a = Arena.ofConfined()) {
            FakeRing f = new FakeRing(a, 0);
            f.append(100, 30, 0);
            RingBuffer r = f.ring(0);
            assertThat(r.peek()).isEqualTo(8);
            assertThat(r.peek()).isEqualTo(8);
            assertThat(r.length()).isEqualTo(30);
            assertThat(f.consumer.get(U64, 0)).isZero();
            r.release();
            assertThat(r.peek()).isEqualTo(-1);
            assertThat(f.consumer.get(U64, 0)).as("published once the ring is empty")
                    .isEqualTo(40); // 8 + 30 rounded up to 8
        }
    }

    @Test
    void busyRecordBlocksUntilCommitted() {
        try (Arena a = Arena.ofConfined()) {
            FakeRing f = new FakeRing(a, 0);
            long pos = f.append(1, 26, RingBuffer.BUSY);
            f.append(2, 26, 0);
            RingBuffer r = f.ring(0);
            assertThat(r.peek()).as("a reserved record hides everything after it").isEqualTo(-1);
            f.setFlags(pos, 26, 0);
            assertThat(r.peek()).isEqualTo(8);
        }
    }

    @Test
    void discardedRecordsAreSkippedAndGivenBack() {
        try (Arena a = Arena.ofConfined()) {
            FakeRing f = new FakeRing(a, 0);
            f.append(1, 26, RingBuffer.DISCARD);
            long second = f.append(2, 26, 0);
            RingBuffer r = f.ring(0);
            assertThat(r.peek()).isEqualTo(second + 8);
            r.release();
            assertThat(r.peek()).isEqualTo(-1);
            assertThat(f.consumer.get(U64, 0)).as("the discarded space is given back too").isEqualTo(f.prod);
        }
    }

    @Test
    void recordCrossingTheEndIsContiguousThroughTheDoubleMapping() throws CaptureException {
        try (Arena a = Arena.ofConfined()) {
            FakeRing f = new FakeRing(a, 3 * SIZE - 16); // 16 bytes before the end, positions keep growing
            f.append(777, 40, 0);
            RingBuffer r = f.ring(3);
            long off = r.peek();
            assertThat(off).isEqualTo(SIZE - 8);
            assertThat(off + 40).isGreaterThan(SIZE);
            try (RingBufferSource src = new RingBufferSource(new RingBuffer[] {r}, -1)) {
                EventView v = new EventView();
                assertThat(src.poll(v, 0)).isTrue();
                assertThat(v.ts()).isEqualTo(777);
                assertThat(v.tid()).isEqualTo(42);
                assertThat(v.length()).isEqualTo(40);
                assertThat(v.cpu()).isEqualTo(3);
                assertThat(src.poll(v, 0)).isFalse();
            }
            assertThat(f.consumer.get(U64, 0)).isEqualTo(3 * SIZE - 16 + 48);
        }
    }

    @Test
    void sourceMergesRingsByTimestamp() throws CaptureException {
        try (Arena a = Arena.ofConfined()) {
            FakeRing cpu0 = new FakeRing(a, 0);
            FakeRing cpu1 = new FakeRing(a, 0);
            cpu0.append(10, 26, 0);
            cpu0.append(40, 26, 0);
            cpu1.append(20, 26, 0);
            cpu1.append(30, 26, 0);
            List<String> seen = new ArrayList<>();
            try (RingBufferSource src = new RingBufferSource(new RingBuffer[] {cpu0.ring(0), cpu1.ring(1)}, -1)) {
                EventView v = new EventView();
                while (src.poll(v, 0)) {
                    seen.add(v.ts() + "@" + v.cpu() + "#" + v.number());
                }
            }
            assertThat(seen).containsExactly("10@0#1", "20@1#2", "30@1#3", "40@0#4");
        }
    }

    @Test
    void stoppedSourceHandsOutTheEventsStampedBeforeTheStopThenEnds() throws CaptureException {
        long now = java.time.Instant.now().getEpochSecond() * 1_000_000_000L;
        long later = now + 3_600_000_000_000L;
        try (Arena a = Arena.ofConfined()) {
            FakeRing cpu0 = new FakeRing(a, 0);
            FakeRing cpu1 = new FakeRing(a, 0);
            cpu0.append(now - 2, 26, 0);
            cpu1.append(now - 1, 26, 0);
            cpu0.append(later, 26, 0);
            try (RingBufferSource src = new RingBufferSource(new RingBuffer[] {cpu0.ring(0), cpu1.ring(1)}, -1)) {
                src.stop();
                EventView v = new EventView();
                List<Long> seen = new ArrayList<>();
                while (src.next(v)) {
                    seen.add(v.ts());
                }
                assertThat(seen).as("events before the stop, none after").containsExactly(now - 2, now - 1);
                assertThat(src.next(v)).isFalse();
            }
        }
    }

    @Test
    void recordWhoseEventLengthDisagreesIsReportedWithItsPosition() {
        try (Arena a = Arena.ofConfined()) {
            FakeRing f = new FakeRing(a, 64);
            long pos = f.append(1, 32, 0);
            f.data.set(U32, (pos & (SIZE - 1)) + 8 + 16, 99); // event header claims 99 bytes
            try (RingBufferSource src = new RingBufferSource(new RingBuffer[] {f.ring(0)}, -1)) {
                assertThatThrownBy(() -> src.poll(new EventView(), 0))
                        .isInstanceOf(CaptureException.class)
                        .hasMessageContaining("position 64").hasMessageContaining("event length 99");
            }
        }
    }

    @Test
    void recordShorterThanAnEventHeaderIsRejected() {
        try (Arena a = Arena.ofConfined()) {
            FakeRing f = new FakeRing(a, 0);
            f.append(1, 12, 0);
            try (RingBufferSource src = new RingBufferSource(new RingBuffer[] {f.ring(0)}, -1)) {
                assertThatThrownBy(() -> src.poll(new EventView(), 0))
                        .isInstanceOf(CaptureException.class).hasMessageContaining("shorter than an event header");
            }
        }
    }

    @Test
    void consumerPositionIsPublishedInBatchesOfASixteenthOfTheRing() {
        try (Arena a = Arena.ofConfined()) {
            FakeRing f = new FakeRing(a, 0);
            for (int i = 0; i < 20; i++) {
                f.append(i, 26, 0); // 40 bytes each; the batch is 4096 / 16 = 256 bytes
            }
            RingBuffer r = f.ring(0);
            for (int i = 0; i < 6; i++) {
                assertThat(r.peek()).isNotNegative();
                r.release();
            }
            assertThat(f.consumer.get(U64, 0)).as("240 bytes consumed, not yet published").isZero();
            assertThat(r.peek()).isNotNegative();
            r.release();
            assertThat(f.consumer.get(U64, 0)).as("published at 280 >= 256").isEqualTo(280);
        }
    }

    /** Whatever mix of sizes, discards and start positions: every kept record comes out once, in order. */
    @Property(tries = 200)
    void keptRecordsComeOutInOrder(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 26, max = 200) Integer> sizes,
            @ForAll @IntRange(min = 0, max = 100_000) int start, @ForAll long discardMask) {
        try (Arena a = Arena.ofConfined()) {
            long startPos = start & ~7L;
            FakeRing f = new FakeRing(a, startPos);
            RingBuffer r = f.ring(0);
            List<Long> expected = new ArrayList<>();
            List<Long> got = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                if (f.prod - f.consumer.get(U64, 0) + 8 + sizes.get(i) + 8 > SIZE) {
                    drain(r, got);
                }
                boolean discard = ((discardMask >>> (i % 64)) & 1) != 0;
                f.append(i, sizes.get(i), discard ? RingBuffer.DISCARD : 0);
                if (!discard) {
                    expected.add((long) i);
                }
            }
            drain(r, got);
            assertThat(got).isEqualTo(expected);
            assertThat(f.consumer.get(U64, 0)).isEqualTo(f.prod);
        }
    }

    private static void drain(RingBuffer r, List<Long> out) {
        long off;
        while ((off = r.peek()) >= 0) {
            out.add(r.data().get(U64, off));
            r.release();
        }
    }
}
