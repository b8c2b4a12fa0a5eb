package dev.talon.inspect.state;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathsTest {
    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().withChars('a', 'b', '/', '.').ofMaxLength(12);
    }

    /** The no-copy fast path only skips paths the full normalisation would leave unchanged. */
    @Property(tries = 2000)
    void fastPathAgreesWithNormalisation(@ForAll("paths") String p) {
        assertThat(Paths.normalize(p)).isEqualTo(Paths.normalizeSlow(p));
    }

    @Test
    void examples() {
        assertThat(Paths.normalize("/etc/passwd")).isSameAs("/etc/passwd".intern());
        assertThat(Paths.normalize("/etc//x/../passwd")).isEqualTo("/etc/passwd");
        assertThat(Paths.resolve("/tmp", "./a")).isEqualTo("/tmp/a");
        assertThat(Paths.resolve("/", "..")).isEqualTo("/");
        assertThat(Paths.resolve("", "a/b/")).isEqualTo("a/b");
        // sysdig 0.29.3 renders 'stat path=.' of a thread with an empty cwd as '.(/)'
        // (sf-collector__objectstore_download #1812)
        assertThat(Paths.resolve("", ".")).isEqualTo("/");
        assertThat(Paths.resolve(null, "a/..")).isEqualTo("/");
        assertThat(Paths.resolve("", "")).isEmpty();
    }
}
