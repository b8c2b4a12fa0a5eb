package dev.talon.inspect.format;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/** The allocation-free number renderers print what the JDK's String-building ones print. */
class NumberRenderingTest {

    @Property
    void unsignedDecimal(@ForAll long v) {
        StringBuilder sb = new StringBuilder("x");
        ArgRenderer.appendUnsigned(sb, v);
        assertThat(sb.toString()).isEqualTo("x" + Long.toUnsignedString(v));
    }

    @Property
    void upperCaseHex(@ForAll long v) {
        StringBuilder sb = new StringBuilder();
        ArgRenderer.appendHexUpper(sb, v);
        assertThat(sb.toString()).isEqualTo(Long.toHexString(v).toUpperCase());
    }

    @Example
    void edges() {
        for (long v : new long[] {0, 1, 9, 10, 15, 16, Long.MAX_VALUE, Long.MIN_VALUE, -1, -10}) {
            StringBuilder u = new StringBuilder();
            ArgRenderer.appendUnsigned(u, v);
            assertThat(u.toString()).isEqualTo(Long.toUnsignedString(v));
            StringBuilder h = new StringBuilder();
            ArgRenderer.appendHexUpper(h, v);
            assertThat(h.toString()).isEqualTo(Long.toHexString(v).toUpperCase());
        }
    }
}
