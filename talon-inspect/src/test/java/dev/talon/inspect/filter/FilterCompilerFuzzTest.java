package dev.talon.inspect.filter;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.synthetic.EventEncoder;

import java.lang.foreign.MemorySegment;

/**
 * Fuzz target for parse + check + compile + evaluate (filters are untrusted input): the only exception
 * allowed is {@link FilterCompileException}, whose message must carry a column; whatever compiles must
 * evaluate on an event without throwing. Runs its seeds as a regression test in a normal build.
 */
class FilterCompilerFuzzTest {
    private static final StateTracker STATE = new StateTracker();
    private static final EventContext CTX = new EventContext(STATE, new ArgRenderer(STATE, BufferMode.NORMAL, false));
    private static final EventView EVENT = new EventView();

    static {
        STATE.addThread(7, 7, 1, "cat", "/bin/cat", "/bin/cat", "/", 0, 0, 1024);
        EVENT.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPEN_X, 1, 7, 3L, "/etc/passwd", 1, 0)), 0);
        STATE.onEvent(EVENT);
    }

    @FuzzTest(maxDuration = "30s")
    void compile(FuzzedDataProvider data) {
        String filter = data.consumeRemainingAsString();
        EventPredicate p;
        try {
            p = new FilterCompiler(CTX).compile(filter);
        } catch (FilterCompileException expected) {
            if (!expected.getMessage().contains("(column ")) throw new AssertionError("no position: " + expected.getMessage());
            expected.caretLine();
            return;
        }
        p.test(EVENT);
    }
}
