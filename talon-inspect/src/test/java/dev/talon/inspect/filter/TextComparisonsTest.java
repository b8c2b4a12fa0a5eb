package dev.talon.inspect.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.CharBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The matchers' text comparisons take their fast paths for String and StringBuilder values and a char loop for
 * any other CharSequence; all three give String's answers.
 */
class TextComparisonsTest {

    @Provide
    Arbitrary<String> texts() {
        // a small alphabet (with a char beyond Latin-1) so that prefixes, suffixes and equal values are common
        return Arbitraries.strings().withChars('a', 'b', '/', 'é', 'ā').ofMaxLength(6);
    }

    @Provide
    Arbitrary<Integer> kinds() {
        return Arbitraries.integers().between(0, 2);
    }

    private static CharSequence as(String s, int kind) {
        return switch (kind) {
            case 0 -> s;
            case 1 -> new StringBuilder(s);
            default -> CharBuffer.wrap(s);
        };
    }

    @Property(tries = 2000)
    void giveStringsAnswers(@ForAll("texts") String a, @ForAll("texts") String b, @ForAll("kinds") int ka,
                            @ForAll("kinds") int kb) {
        CharSequence x = as(a, ka);
        CharSequence y = as(b, kb);
        assertThat(Matchers.contentEquals(x, y)).as("equals").isEqualTo(a.equals(b));
        assertThat(Matchers.startsWith(x, y)).as("startsWith").isEqualTo(a.startsWith(b));
        assertThat(Matchers.endsWith(x, y)).as("endsWith").isEqualTo(a.endsWith(b));
        assertThat(Matchers.indexOf(x, y, false)).as("indexOf").isEqualTo(a.indexOf(b));
    }
}
