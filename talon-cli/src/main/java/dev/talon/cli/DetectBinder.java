package dev.talon.cli;

import dev.talon.filter.Expr;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.CandidateFilter;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
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

    /** Number of distinct subexpressions compiled so far (shared between rules). */
    int distinctChecks() {
        return compiler.sharedNodes();
    }
}
