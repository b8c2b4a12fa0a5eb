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

    /** A write exit's data parameter holding {@code bytes}. */
    private static EventView param(byte[] bytes) {
        EventView e = new EventView();
        e.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_WRITE_X, 1, 7, (long) bytes.length, bytes)), 0);
        return e;
    }

    @Provide
    Arbitrary<byte[]> lists() {
        // few letters and many NULs: empty strings, leading/trailing/double separators
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) 0).array(byte[].class).ofMaxSize(8);
    }

    @Property
    void reusesAnEqualListAndCopiesAnyOther(@ForAll("lists") byte[] a, @ForAll("lists") byte[] b) {
        String[] previous = Params.strings(param(a), 1);
        EventView e = param(b);
        String[] fresh = Params.strings(e, 1);
        String[] got = Params.strings(e, 1, previous);
        assertThat(got).containsExactly(fresh);
        if (java.util.Arrays.equals(previous, fresh)) assertThat(got).isSameAs(previous);
        else assertThat(got).isNotSameAs(previous);
    }
}
