package dev.talon.inspect.state;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.synthetic.EventEncoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths of recent events by content: the same text gives the same instance, and never a wrong text. */
class RecentStringsTest {

    /** An openat exit whose name parameter holds {@code name}, in heap memory or in native memory. */
    private static EventView open(byte[] name, boolean inNativeMemory) {
        MemorySegment event = MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPENAT_2_X, 1, 7,
                3L, -100L, name, 0L, 0L, 0L, 0L));
        if (inNativeMemory) event = java.lang.foreign.Arena.ofAuto().allocate(event.byteSize()).copyFrom(event);
        return new EventView().wrap(event, 0);
    }

    private static final int NAME = 2;

    @Provide
    Arbitrary<byte[]> names() {
        // few distinct bytes (so that names repeat and share prefixes and suffixes), lengths around 8,
        // a NUL that ends the string early, and a non-ASCII byte (one char per byte, as paramText decodes it)
        return Arbitraries.of((byte) '/', (byte) 'a', (byte) 'b', (byte) 0, (byte) 0xc3, (byte) 0xa9)
                .array(byte[].class).ofMaxSize(20);
    }

    @Property
    void decodesAsParamTextAndReusesEqualText(@ForAll @Size(max = 40) List<@net.jqwik.api.From("names") byte[]> names,
                                              @ForAll boolean inNativeMemory) {
        RecentStrings recent = new RecentStrings();
        for (byte[] n : names) {
            EventView e = open(n, inNativeMemory);
            String got = recent.param(e, NAME);
            assertThat(got).isEqualTo(e.paramText(NAME));
            // looked up again before any other name could take its slot: the same instance
            assertThat(recent.param(open(n, !inNativeMemory), NAME)).isSameAs(got);
        }
    }

    @Test
    void theSamePathOpenedAgainIsTheSameInstance() {
        RecentStrings recent = new RecentStrings();
        byte[] path = "/usr/local/apache2/htdocs/index.html".getBytes();
        String a = recent.param(open(path, false), NAME);
        String b = recent.param(open(path, true), NAME);
        String c = recent.param(open("/dev/urandom".getBytes(), false), NAME);
        assertThat(b).isSameAs(a).isEqualTo("/usr/local/apache2/htdocs/index.html");
        assertThat(c).isEqualTo("/dev/urandom");
        assertThat(recent.param(open(path, false), NAME)).isSameAs(a);
    }

    @Test
    void joinedPathsAreKeptByContent() {
        RecentStrings recent = new RecentStrings();
        String a = recent.intern(new String("/var/www/" + "x"));
        assertThat(recent.intern(new String("/var/www/x"))).isSameAs(a);
        assertThat(recent.intern("/var/www/y")).isEqualTo("/var/www/y");
        assertThat(recent.intern(null)).isNull();
    }

    @Test
    void aPathLongerThanMaxKeptIsDecodedEachTime() {
        RecentStrings recent = new RecentStrings();
        String longPath = "/x".repeat(RecentStrings.MAX_KEPT);
        String a = recent.param(open(longPath.getBytes(), false), NAME);
        String b = recent.param(open(longPath.getBytes(), true), NAME);
        assertThat(a).isEqualTo(longPath);
        assertThat(b).isEqualTo(longPath).isNotSameAs(a);
        assertThat(recent.intern(longPath)).isSameAs(longPath);
    }

    @Test
    void anAbsentParameterIsNull() {
        assertThat(new RecentStrings().param(open(new byte[0], false), NAME)).isNull();
    }
}
