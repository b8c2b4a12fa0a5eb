package dev.talon.inspect.field;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PathPartsTest {
    private static String lastPart(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    @Property
    void alwaysThePartOfThePathAsked(@ForAll @Size(max = 600) List<@StringLength(max = 6) String> names) {
        // more paths than slots: collisions replace entries, answers stay right
        PathParts parts = new PathParts(PathPartsTest::lastPart);
        for (String n : names) {
            String path = "/d/" + n;
            assertThat(parts.of(path)).isEqualTo(lastPart(path));
        }
    }

    @Test
    void theSamePathInstanceGetsTheSamePartInstance() {
        PathParts parts = new PathParts(PathPartsTest::lastPart);
        String path = "/var/log/syslog";
        String first = parts.of(path);
        assertThat(parts.of(path)).isSameAs(first).isEqualTo("syslog");
        // an equal path that is another instance is derived again (identity, not content)
        assertThat(parts.of(new String(path))).isEqualTo("syslog");
    }
}
