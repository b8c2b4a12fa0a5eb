package dev.talon.inspect.filter.simple;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.synthetic.EventEncoder;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterParserTest {
    private final StateTracker state = new StateTracker();
    private final EventContext ctx = new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false));

    private EventView open(String path) {
        EventView v = new EventView();
        v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPEN_X, 1, 7, 3L, path, 1, 0)), 0);
        state.onEvent(v);
        return v;
    }

    @Test
    void combinesComparisons() throws Exception {
        state.addThread(7, 7, 1, "cat", "cat", "/bin/cat", "/", 0, 0, 1024);
        EventView e = open("/etc/passwd");
        assertThat(FilterParser.parse("evt.type=open and fd.name contains /etc", ctx).matches(e)).isTrue();
        assertThat(FilterParser.parse("evt.type=open and not fd.name startswith /etc", ctx).matches(e)).isFalse();
        assertThat(FilterParser.parse("(proc.name=bash or proc.name in (cat, ls)) and evt.dir='<'", ctx).matches(e)).isTrue();
        assertThat(FilterParser.parse("fd.name endswith passwd and evt.type != close", ctx).matches(e)).isTrue();
        assertThat(FilterParser.parse("proc.pid exists and thread.tid > 5", ctx).matches(e)).isTrue();
    }

    @Test
    void errorsNameTheColumn() {
        assertThatThrownBy(() -> FilterParser.parse("evt.type=open and", ctx))
                .isInstanceOf(FilterException.class).hasMessageContaining("column 18");
        assertThatThrownBy(() -> FilterParser.parse("evt.typo=open", ctx))
                .isInstanceOf(FilterException.class).hasMessageContaining("column 1").hasMessageContaining("evt.typo");
        assertThatThrownBy(() -> FilterParser.parse("proc.name bogus x", ctx))
                .isInstanceOf(FilterException.class).hasMessageContaining("unknown operator 'bogus'");
        assertThatThrownBy(() -> FilterParser.parse("(evt.type=open", ctx))
                .isInstanceOf(FilterException.class).hasMessageContaining("expected ')'");
    }
}
