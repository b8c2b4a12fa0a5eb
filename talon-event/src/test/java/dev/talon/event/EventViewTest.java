package dev.talon.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventViewTest {

    /** Encodes an event by hand, independent of any encoder under test. */
    static MemorySegment event(int type, long ts, long tid, boolean large, byte[]... params) {
        int width = large ? 4 : 2;
        int len = EventView.HEADER_V2 + width * params.length;
        for (byte[] p : params) len += p.length;
        ByteBuffer b = ByteBuffer.allocate(len + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xDEAD); // something before the event, to test offsets
        b.putInt(0xBEEF);
        b.putLong(ts).putLong(tid).putInt(len).putShort((short) type).putInt(params.length);
        for (byte[] p : params) {
            if (large) b.putInt(p.length);
            else b.putShort((short) p.length);
        }
        for (byte[] p : params) b.put(p);
        MemorySegment seg = Arena.ofAuto().allocate(b.capacity());
        seg.copyFrom(MemorySegment.ofArray(b.array()));
        return seg;
    }

    static byte[] le(long v, int n) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        byte[] out = new byte[n];
        System.arraycopy(b.array(), 0, out, 0, n);
        return out;
    }

    static byte[] cstr(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[raw.length + 1];
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    @Test
    void readsHeaderAndParams() {
        // open exit: fd, name, flags, mode, dev, ino
        MemorySegment seg = event(EventTypes.PPME_SYSCALL_OPEN_X, 1_700_000_000_123L, 4242, false,
                le(-2, 8), cstr("/etc/passwd"), le(1, 4), le(0644, 4), le(0x803, 4), le(99, 8));
        EventView v = new EventView().wrap(seg, 8).cpu(3).number(7);
        assertThat(v.ts()).isEqualTo(1_700_000_000_123L);
        assertThat(v.tid()).isEqualTo(4242);
        assertThat(v.type()).isEqualTo(EventTypes.PPME_SYSCALL_OPEN_X);
        assertThat(v.info().name()).isEqualTo("open");
        assertThat(v.paramCount()).isEqualTo(6);
        assertThat(v.length()).isEqualTo((int) seg.byteSize() - 8);
        assertThat(v.paramAsLong(0)).isEqualTo(-2);
        assertThat(v.paramString(1)).isEqualTo("/etc/passwd");
        assertThat(v.paramStringEquals(1, "/etc/passwd".getBytes())).isTrue();
        assertThat(v.paramStringEquals(1, "/etc/passw".getBytes())).isFalse();
        assertThat(v.paramU32(3)).isEqualTo(0644);
        assertThat(v.paramAsLong(4)).isEqualTo(0x803);
        assertThat(v.paramU64(5)).isEqualTo(99);
        assertThat(v.cpu()).isEqualTo(3);
        assertThat(v.number()).isEqualTo(7);
        assertThat(v.isStateOnly()).isFalse();
        assertThat(v.paramOffset(1) - v.paramOffset(0)).isEqualTo(8);
    }

    /** The same event in heap memory (where strings are decoded straight from the array) and in native memory. */
    @Test
    void heapAndNativeEventsReadAlike() {
        MemorySegment direct = event(EventTypes.PPME_SYSCALL_OPEN_X, 5, 6, false,
                le(3, 8), cstr("/tmp/é"), le(1, 4), le(0, 4), le(0, 4), le(0, 8));
        byte[] copy = new byte[(int) direct.byteSize() + 5];
        MemorySegment.copy(direct, 0, MemorySegment.ofArray(copy), 5, direct.byteSize());
        MemorySegment heap = MemorySegment.ofArray(copy).asSlice(2); // an array offset as well
        EventView v = new EventView();
        for (MemorySegment seg : new MemorySegment[] {direct, heap}) {
            long at = seg == heap ? 11 : 8;
            v.wrap(seg, at);
            assertThat(v.ts()).isEqualTo(5);
            assertThat(v.paramString(1)).isEqualTo("/tmp/é");
            assertThat(v.paramText(1)).isEqualTo("/tmp/\u00c3\u00a9"); // the bytes, one char each
            assertThat(v.paramByte(1, 0)).isEqualTo('/');
            assertThat(v.paramByte(1, 5)).isEqualTo(0xC3);
            byte[] b = new byte[4];
            v.copyParam(1, 1, b, 4);
            assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("tmp/");
            assertThat(v.buffer().getLong(v.paramPosition(0))).isEqualTo(3);
            assertThat(v.paramPosition(1) - v.paramPosition(0)).isEqualTo(8);
        }
    }

    @Test
    void unsignedValuesAreZeroExtended() {
        MemorySegment seg = event(EventTypes.PPME_SYSCALL_OPEN_X, 1, 1, false,
                le(-1, 8), cstr("x"), le(0xFFFF_FFFFL, 4), le(0, 4), le(0, 4), le(-1, 8));
        EventView v = new EventView().wrap(seg, 8);
        assertThat(v.paramAsLong(2)).isEqualTo(0xFFFF_FFFFL);
        assertThat(v.paramAsLong(0)).isEqualTo(-1);
    }

    @Test
    void largePayloadEventsUseWideLengths() {
        byte[] json = cstr("{\"container\":{}}");
        MemorySegment seg = event(EventTypes.PPME_CONTAINER_JSON_2_E, 5, 0, true, json);
        EventView v = new EventView().wrap(seg, 8);
        assertThat(v.hasLargeLengths()).isTrue();
        assertThat(v.paramLength(0)).isEqualTo(json.length);
        assertThat(v.paramString(0)).isEqualTo("{\"container\":{}}");
    }

    @Test
    void paramsEndAddsTheLengthsUnsignedWithoutOverflow() {
        byte[] json = cstr("{}");
        MemorySegment seg = event(EventTypes.PPME_CONTAINER_JSON_2_E, 5, 0, true, json, json);
        EventView v = new EventView().wrap(seg, 8);
        assertThat(v.paramsEnd()).isEqualTo(EventView.HEADER_V2 + 2 * 4 + 2L * json.length);
        // lengths a corrupt file may hold: 2 x 0xFFFFFFF0 must not wrap around to a small end
        seg.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 8 + EventView.HEADER_V2, 0xFFFFFFF0);
        seg.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 8 + EventView.HEADER_V2 + 4, 0xFFFFFFF0);
        v.wrap(seg, 8);
        assertThat(v.paramsEnd()).isEqualTo(EventView.HEADER_V2 + 2 * 4 + 2 * 0xFFFFFFF0L);
        MemorySegment small = event(EventTypes.PPME_SYSCALL_CLOSE_X, 5, 0, false, le(0, 8), le(0xFFFF, 2));
        small.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 8 + EventView.HEADER_V2, (short) 0xFFFF);
        assertThat(v.wrap(small, 8).paramsEnd()).isEqualTo(EventView.HEADER_V2 + 2 * 2 + 0xFFFFL + 2);
    }

    @Test
    void absentParamsAndBadIndexes() {
        MemorySegment seg = event(EventTypes.PPME_SYSCALL_OPEN_X, 1, 1, false, le(3, 8), new byte[0]);
        EventView v = new EventView().wrap(seg, 8);
        assertThat(v.hasParam(1)).isFalse();
        assertThat(v.paramString(1)).isNull();
        assertThat(v.hasParam(5)).isFalse();
        assertThatThrownBy(() -> v.paramLength(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void viewIsReusedAcrossEvents() {
        EventView v = new EventView();
        MemorySegment a = event(EventTypes.PPME_SYSCALL_CLOSE_X, 1, 10, false, le(0, 8));
        MemorySegment b = event(EventTypes.PPME_SYSCALL_OPEN_X, 2, 20, false,
                le(5, 8), cstr("/tmp/a"), le(0, 4), le(0, 4), le(0, 4), le(0, 8));
        v.wrap(a, 8);
        assertThat(v.paramAsLong(0)).isZero();
        v.wrap(b, 8);
        assertThat(v.tid()).isEqualTo(20);
        assertThat(v.paramString(1)).isEqualTo("/tmp/a");
    }
}
