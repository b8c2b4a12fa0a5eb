package dev.talon.inspect.state;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LongMapTest {
    /** Any sequence of puts and removes leaves the map equal to a HashMap given the same operations. */
    @Property(tries = 200)
    void behavesLikeHashMap(@ForAll List<Long> keys, @ForAll List<Boolean> removes) {
        LongMap<Long> m = new LongMap<>(4);
        Map<Long, Long> ref = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            long k = keys.get(i) % 64; // collisions and reuse
            if (i < removes.size() && removes.get(i)) {
                assertThat(m.remove(k)).isEqualTo(ref.remove(k));
            } else {
                assertThat(m.put(k, (long) i)).isEqualTo(ref.put(k, (long) i));
            }
            assertThat(m.size()).isEqualTo(ref.size());
        }
        for (long k = -64; k < 64; k++) assertThat(m.get(k)).isEqualTo(ref.get(k));
        assertThat(m.get(Long.MIN_VALUE)).isNull();
        m.put(Long.MIN_VALUE, 1L);
        assertThat(m.get(Long.MIN_VALUE)).isEqualTo(1L);
    }

    @Property(tries = 50)
    void pathsNormalizeLikeSysdig(@ForAll("dummy") String unused) {
        assertThat(Paths.resolve("/tmp", "./a/../b//c")).isEqualTo("/tmp/b/c");
        assertThat(Paths.resolve("", "./tested_file.txt")).isEqualTo("tested_file.txt");
        assertThat(Paths.resolve("/", ".")).isEqualTo("/");
        assertThat(Paths.resolve("/a", "/etc/x")).isEqualTo("/etc/x");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> dummy() {
        return net.jqwik.api.Arbitraries.just("");
    }
}
