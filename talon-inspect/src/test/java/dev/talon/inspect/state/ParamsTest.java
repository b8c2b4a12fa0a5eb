package dev.talon.inspect.state;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.synthetic.EventEncoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/** NUL-separated string lists (args, env, cgroups): a list equal to one the state has reuses its array. */
class ParamsTest {

    /** A write exit's data parameter holding {@code bytes}, in heap memory or in native memory. */
    private static EventView param(byte[] bytes, boolean inNativeMemory) {
        MemorySegment event = MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_WRITE_X, 1, 7,
                (long) bytes.length, bytes));
        if (inNativeMemory) event = java.lang.foreign.Arena.ofAuto().allocate(event.byteSize()).copyFrom(event);
        return new EventView().wrap(event, 0);
    }

    @Provide
    Arbitrary<byte[]> lists() {
        // few letters and many NULs: empty strings, leading/trailing/double separators
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) 0).array(byte[].class).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> edits() {
        return Arbitraries.integers().between(-1, 1000);
    }

    @Property
    void reusesAnEqualListAndCopiesAnyOther(@ForAll("lists") byte[] a, @ForAll("lists") byte[] other,
                                            @ForAll("edits") int edit, @ForAll boolean inNativeMemory) {
        // b: another list, or a itself with at most one byte changed (equal and nearly equal lists)
        byte[] b = other;
        if (edit >= 0 && a.length > 0) {
            b = a.clone();
            b[edit % a.length] = (byte) "ab\0".charAt(edit / a.length % 3);
        }
        String[] previous = Params.strings(param(a, false), 1);
        EventView e = param(b, inNativeMemory);
        String[] fresh = Params.strings(e, 1);
        String[] got = Params.strings(e, 1, previous);
        assertThat(got).containsExactly(fresh);
        if (java.util.Arrays.equals(previous, fresh)) assertThat(got).isSameAs(previous);
        else assertThat(got).isNotSameAs(previous);
    }
}
