package dev.talon.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class TextPropertiesTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Property(tries = 300)
    void escapedTextHasNoControlsAndNoLoneSurrogates(
            @ForAll @StringLength(max = 40) @CharRange(from = 0, to = 0x7f) @CharRange(from = 0xd7f0, to = 0xe010) String s) {
        String e = Text.escapeControls(s);
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            assertThat(c).isGreaterThanOrEqualTo(' ');
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < e.length() && Character.isLowSurrogate(e.charAt(i + 1))).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).isFalse();
            }
        }
        if (s.chars().allMatch(c -> c >= ' ' && !Character.isSurrogate((char) c))) {
            assertThat(e).isSameAs(s); // clean text is not copied
        }
    }

    /** Whatever the message and field values contain, the JSON line is one well-formed object. */
    @Property(tries = 300)
    void jsonIsAlwaysOneWellFormedLine(
            @ForAll @StringLength(max = 30) @CharRange(from = 0, to = 0x7f) @CharRange(from = 0xd7f0, to = 0xe010) String message,
            @ForAll @StringLength(max = 30) @CharRange(from = 0, to = 0x7f) @CharRange(from = 0xd7f0, to = 0xe010) String value,
            @ForAll long time) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fd.name", value);
        fields.put("evt.num", time);
        Alert a = new Alert(time, "r", Priority.NOTICE, message, fields, "syscall", null, "h");
        String json = new AlertFormatter(FormatOptions.defaults().withZone(ZoneId.of("UTC")).withJsonOutput(true)).format(a);
        assertThat(json).doesNotContain("\n").doesNotContain("\r");
        String fdName = null;
        try (JsonParser p = JSON.createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING && "fd.name".equals(p.currentName())) {
                    fdName = p.getText();
                }
            }
            assertThat(p.nextToken()).isNull();
        }
        assertThat(fdName).isEqualTo(Text.replaceInvalid(value));
    }
}
