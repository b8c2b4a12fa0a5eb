package dev.talon.event;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ByteTextTest {
    @Property
    void unicodeSurvivesTheTripThroughItsBytes(@ForAll String text) {
        String valid = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // lone surrogates -> '?'
        String bytes = ByteText.fromUnicode(valid);
        assertThat(bytes.chars()).allMatch(c -> c <= 0xff);
        assertThat(bytes.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(valid.getBytes(StandardCharsets.UTF_8));
        assertThat(ByteText.toUnicode(bytes)).isEqualTo(valid);
    }

    @Test
    void asciiIsItself() {
        String s = "/etc/shadow";
        assertThat(ByteText.fromUnicode(s)).isSameAs(s);
        assertThat(ByteText.toUnicode(s)).isEqualTo(s);
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() {
        assertThat(ByteText.toUnicode("caf\u00e9")).isEqualTo("caf\ufffd"); // a lone 0xe9 byte
        assertThat(ByteText.toUnicode("caf\u00c3\u00a9")).isEqualTo("café");
    }

    @Test
    void textThatIsNotByteTextIsLeftAlone() {
        assertThat(ByteText.toUnicode("中")).isEqualTo("中");
    }

    /** Split on every NUL, and a final NUL ends the last string: as a capture's args and /proc's cmdline read. */
    @Property
    void nulListSplitsOnEveryNulAndAFinalNulEndsTheLastString(@ForAll byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of(all.split("\0", -1)));
        if (all.isEmpty() || all.endsWith("\0")) expected.removeLast();
        assertThat(ByteText.nulList(bytes, bytes.length)).isEqualTo(expected);
    }

    @Test
    void nulListCases() {
        byte[] b = "sh\0-c\0\0ls\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ByteText.nulList(b, b.length)).containsExactly("sh", "-c", "", "ls");
        assertThat(ByteText.nulList(b, 4)).containsExactly("sh", "-");
        assertThat(ByteText.nulList(new byte[0], 0)).isEmpty();
        assertThat(ByteText.nulList(new byte[1], 1)).containsExactly("");
    }
}
