package dev.talon.inspect.filter;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.synthetic.EventEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterCompilerTest {
    private final StateTracker state = new StateTracker();
    private final EventContext ctx = new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false));
    private final FilterCompiler compiler = new FilterCompiler(ctx);
    private EventView e;

    @BeforeEach
    void openPasswd() {
        state.addThread(7, 7, 1, "cat", "/bin/cat", "/bin/cat", "/", 0, 0, 1024);
        state.addThread(1, 1, 0, "systemd", "/sbin/init", "/sbin/init", "/", 0, 0, 1024);
        e = new EventView();
        e.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPEN_X, 1, 7, 3L, "/etc/passwd", 1, 0)), 0);
        state.onEvent(e);
        ctx.event(1, null);
    }

    private boolean matches(String filter) throws FilterCompileException {
        return compiler.compile(filter).test(e);
    }

    @Test
    void booleanStructure() throws Exception {
        assertThat(matches("evt.type=open and fd.name contains /etc")).isTrue();
        assertThat(matches("evt.type=open and not fd.name startswith /etc")).isFalse();
        assertThat(matches("(proc.name=bash or proc.name in (cat, ls)) and evt.dir='<'")).isTrue();
        assertThat(matches("fd.name endswith passwd and evt.type != close")).isTrue();
        assertThat(matches("proc.pid exists and thread.tid > 5")).isTrue();
        assertThat(matches("")).isTrue();
    }

    @Test
    void stringOperators() throws Exception {
        assertThat(matches("fd.name icontains /ETC/PASS")).isTrue();
        assertThat(matches("fd.name glob '/etc/p*d'")).isTrue();
        assertThat(matches("fd.name glob '/etc/?asswd'")).isTrue();
        assertThat(matches("fd.name glob '/etc/[a-o]*'")).isFalse();
        assertThat(matches("fd.name iglob '/ETC/*'")).isTrue();
        assertThat(matches("fd.name regex '/etc/pass.*'")).isTrue();
        assertThat(matches("fd.name regex 'pass'")).as("regex matches the whole value").isFalse();
        assertThat(matches("fd.name pmatch (/etc, /usr)")).isTrue();
        assertThat(matches("fd.name pmatch (/et)")).as("directory boundary").isFalse();
        assertThatThrownBy(() -> matches("fd.name bcontains 706173")).as("binary operators take buffers")
                .isInstanceOf(FilterCompileException.class);
        assertThat(matches("fd.name startswith oneof (/usr, /etc)")).isTrue();
    }

    @Test
    void numbersAncestorsAndTransformers() throws Exception {
        assertThat(matches("fd.num = 3 and fd.num in (1, 2, 3) and fd.num >= 0x3")).isTrue();
        assertThat(matches("proc.pname = systemd and proc.aname[1] = systemd and proc.aname = systemd")).isTrue();
        assertThat(matches("proc.apid[1] = 1")).isTrue();
        assertThat(matches("toupper(proc.name) = CAT and len(fd.name) = 11 and basename(fd.name) = passwd")).isTrue();
        assertThat(matches("proc.name = val(proc.name) and proc.name != val(proc.pname)")).isTrue();
        assertThat(matches("evt.failed = false and evt.res = SUCCESS")).isTrue();
    }

    @Test
    void missingValuesAreFalseForEveryOperator() throws Exception {
        assertThat(matches("fd.sport = 80")).isFalse();
        assertThat(matches("fd.sport != 80")).isFalse();
        assertThat(matches("not fd.sport exists")).isTrue();
    }

    @Test
    void errorsNameTheColumn() {
        assertThatThrownBy(() -> compiler.compile("evt.type=open and"))
                .isInstanceOf(FilterCompileException.class).hasMessageContaining("column");
        assertThatThrownBy(() -> compiler.compile("evt.typo=open"))
                .isInstanceOf(FilterCompileException.class).hasMessageContaining("column 1").hasMessageContaining("evt.typo");
        assertThatThrownBy(() -> compiler.compile("fd.num contains 3"))
                .isInstanceOf(FilterCompileException.class).hasMessageContaining("numeric");
        assertThatThrownBy(() -> compiler.compile("(evt.type=open"))
                .isInstanceOf(FilterCompileException.class).hasMessageContaining("column");
        assertThatThrownBy(() -> compiler.compile("proc.name regex '(('"))
                .isInstanceOf(FilterCompileException.class).hasMessageContaining("regex").hasMessageContaining("column 17");
        assertThatThrownBy(() -> compiler.compile("evt.abspath[1x] exists"))
                .isInstanceOf(FilterCompileException.class).hasMessageContaining("bad parameter index '1x'");
        try {
            compiler.compile("proc.name = a and fd.nme = b");
        } catch (FilterCompileException ex) {
            assertThat(ex.caretLine()).isEqualTo("proc.name = a and fd.nme = b\n                  ^");
        }
    }

    /** The next event: another open by the same thread, numbered like the inspector does. */
    private void nextOpen(long ts, long fd, String path) {
        e.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPEN_X, ts, 7, fd, path, 1, 0)), 0);
        state.onEvent(e);
        ctx.event(ts, null);
    }

    @Test
    void sharingCompilerBindsEqualSubexpressionsOnce() throws Exception {
        FilterCompiler sharing = FilterCompiler.sharing(ctx);
        EventPredicate a = sharing.compile("fd.name startswith /etc and proc.name = cat");
        int afterFirst = sharing.sharedNodes();
        EventPredicate b = sharing.compile("(fd.name startswith /etc) and proc.name in (ls, bash)");
        assertThat(afterFirst).as("and + two checks").isEqualTo(3);
        assertThat(sharing.sharedNodes()).as("only the new check and the new 'and'").isEqualTo(5);
        assertThat(a.test(e)).isTrue();
        assertThat(b.test(e)).isFalse();
        assertThat(new FilterCompiler(ctx).sharedNodes()).isZero();
    }

    @Test
    void sharedFieldsAndChecksFollowEveryEvent() throws Exception {
        for (FilterCompiler c : new FilterCompiler[] {new FilterCompiler(ctx), FilterCompiler.sharing(ctx)}) {
            EventPredicate eq = c.compile("fd.name = /etc/passwd");
            EventPredicate in = c.compile("fd.name in (/tmp/x, /etc/shadow) and fd.directory = /tmp");
            EventPredicate dir = c.compile("fd.directory in (/etc, /var) or fd.name = /etc/passwd");
            assertThat(eq.test(e)).isTrue();
            assertThat(in.test(e)).isFalse();
            assertThat(dir.test(e)).isTrue();
            nextOpen(2, 4, "/tmp/x");
            assertThat(eq.test(e)).as("memoized values are recomputed for a new event").isFalse();
            assertThat(in.test(e)).isTrue();
            assertThat(dir.test(e)).isFalse();
            nextOpen(3, 5, "/etc/shadow");
            assertThat(in.test(e)).isFalse();
            assertThat(dir.test(e)).isTrue();
            assertThat(eq.test(e)).isFalse();
            openPasswd();
        }
    }

    @Test
    void fieldsOfOneCompilerAreSharedByItsChecksAndOutputs() throws Exception {
        var parsed = (dev.talon.filter.Expr.BinaryCheck) dev.talon.filter.FilterParser.parse("fd.name = x");
        dev.talon.inspect.field.Field f1 = compiler.compileField(parsed.lhs());
        dev.talon.inspect.field.Field f2 = compiler.compileField(parsed.lhs());
        assertThat(f1).isSameAs(f2);
        assertThat(f1.eval(e)).isTrue();
        assertThat(f1.text().toString()).isEqualTo("/etc/passwd");
        nextOpen(2, 4, "/tmp/y");
        assertThat(f2.eval(e)).isTrue();
        assertThat(f2.text().toString()).isEqualTo("/tmp/y");
    }
}
