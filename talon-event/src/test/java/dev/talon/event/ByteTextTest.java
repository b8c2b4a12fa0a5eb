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
}
