package dev.talon.cli;

import dev.talon.filter.Expr;
import dev.talon.filter.FilterParser;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.CandidateFilter;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.StateTracker;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.engine.RuleBinder;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds rules to talon-inspect: conditions through one sharing filter compiler, outputs through
 * {@link DetectOutput}.
 *
 * <p>Rules share most of their checks (the stable rules' open rules all start with the same
 * {@code open_read}/{@code open_write} macro, then test the same {@code fd.name}/{@code fd.directory}
 * lists). The sharing compiler binds every subexpression equal to one seen before to the same node, which
 * computes its result once per event, like libsinsp's filter-check cache; field values are computed once per
 * event too. {@code and}/{@code or}/{@code not} keep their short-circuit order.
 *
 * <p>Conditions are bound as node trees, not as generated classes as filters of {@code talon inspect} are:
 * with the rules files, generated code was no faster warm (rule evaluation 41.5 against 39.5 ns/event,
 * medians of four JVMs each) and cost start-up and JIT time, so {@code talon detect -r} was 5-10% slower
 * end to end with it, from 1M to 8M events (bench/DETECT.md, 2026-12-04).
 *
 * <p>The rules of an event type are tested through a {@link CandidateFilter} keyed by the fd's path fields:
 * a rule whose condition requires {@code fd.name}/{@code fd.directory}/{@code fd.filename} values that the
 * event's fd does not have is skipped, from a table of recent paths, without evaluating anything of it.
 */
public final class DetectBinder implements RuleBinder {
    /** The fields CandidateFilter keys on: the fd's path, which opens of the same file repeat. */
    static final Set<String> PATH_FIELDS = Set.of("fd.name", "fd.directory", "fd.filename");

    private final FilterCompiler compiler;
    /** Each bound condition's expression, for {@link #sequence}. */
    private final Map<Condition, Expr> expressions = new IdentityHashMap<>();

    public DetectBinder(EventContext ctx) {
        this.compiler = FilterCompiler.sharing(ctx);
    }

    @Override
    public Condition condition(CompiledRule rule) throws BindException {
        try {
            EventPredicate p = compiler.compileTree(rule.condition());
            Condition c = p::test;
            expressions.put(c, rule.condition());
            return c;
        } catch (FilterCompileException e) {
            throw new BindException(e.getMessage(), e);
        }
    }

    @Override
    public Output output(CompiledRule rule, String format) throws BindException {
        return DetectOutput.bind(format, compiler);
    }

    @Override
    public Conditions sequence(List<Condition> conditions) {
        CandidateFilter filter = null;
        if (conditions.stream().allMatch(expressions::containsKey)) {
            try {
                filter = CandidateFilter.of(compiler, conditions.stream().map(expressions::get).toList(), PATH_FIELDS);
            } catch (FilterCompileException e) {
                // the conditions themselves compiled: their parts do too; if not, test every rule
            }
        }
        if (filter == null) return RuleBinder.super.sequence(conditions);
        CandidateFilter candidates = filter;
        Condition[] cs = conditions.toArray(Condition[]::new);
        return (e, from) -> {
            long mask = candidates.candidates(e);
            for (int i = Math.max(from, 0); i < cs.length; i++) {
                if (i < 64 && (mask & (1L << i)) == 0) continue;
                if (cs[i].matches(e)) return i;
            }
            return -1;
        };
    }

    /**
     * A condition and an output of the kinds the stable rules use, bound once on a throwaway context: run on a
     * thread of its own while the rules load, it initialises the field, matcher and node classes that binding the
     * first rule would otherwise initialise on the main thread (13-34 ms of its start), and gives their code a first
     * run. Any failure is ignored: binding the real rules reports their problems.
     */
    static void warmUp() {
        try {
            StateTracker state = new StateTracker();
            DetectBinder b = new DetectBinder(new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false)));
            b.compiler.compileTree(FilterParser.parse(WARM_UP_CONDITION));
            b.output(null, WARM_UP_OUTPUT);
        } catch (Exception | LinkageError e) {
            // nothing to do: a warm-up only
        }
    }

    static final String WARM_UP_CONDITION = "evt.type in (open, openat, openat2, execve) and evt.is_open_read=true"
            + " and fd.typechar='f' and fd.num>=0 and evt.dir=< and (fd.name startswith /etc/ or fd.directory in"
            + " (/etc/pam.d, /root) or fd.name glob '/home/*/.ssh/*' or fd.name pmatch (/proc) or fd.filename"
            + " endswith .pem or fd.name contains /.aws/) and not proc.name in (sshd, sudo) and proc.pname exists"
            + " and not proc.aname[2] in (systemd) and proc.cmdline contains x and user.name != root"
            + " and container.id != host and evt.arg.flags contains O_TRUNC and evt.rawres >= 0"
            + " and fd.sip != 127.0.0.1 and fd.sport in (22, 80)";
    static final String WARM_UP_OUTPUT = "Warm-up | file=%fd.name process=%proc.name user=%user.name"
            + " uid=%user.uid parent=%proc.pname cmdline=%proc.cmdline container=%container.id image=%container.image.repository"
            + " %evt.type %evt.time connection=%fd.name";

    /** Number of distinct subexpressions compiled so far (shared between rules). */
    int distinctChecks() {
        return compiler.sharedNodes();
    }
}
