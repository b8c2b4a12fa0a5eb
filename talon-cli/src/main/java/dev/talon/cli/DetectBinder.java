package dev.talon.cli;

import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.engine.RuleBinder;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
 */
public final class DetectBinder implements RuleBinder {
    private final FilterCompiler compiler;
    /** The predicate behind each condition this binder returned, for {@link #sequence}. */
    private final Map<Condition, EventPredicate> predicates = new IdentityHashMap<>();

    public DetectBinder(EventContext ctx) {
        this.compiler = FilterCompiler.sharing(ctx);
    }

    @Override
    public Condition condition(CompiledRule rule) throws BindException {
        try {
            EventPredicate p = compiler.compileTree(rule.condition());
            Condition c = p::test;
            predicates.put(c, p);
            return c;
        } catch (FilterCompileException e) {
            throw new BindException(e.getMessage(), e);
        }
    }

    /** The rules of one event type tested in order on their predicates, without the condition wrappers. */
    @Override
    public Conditions sequence(List<Condition> conditions) {
        EventPredicate[] ps = new EventPredicate[conditions.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = predicates.get(conditions.get(i));
            if (ps[i] == null) return RuleBinder.super.sequence(conditions); // not bound here
        }
        return (e, from) -> {
            for (int i = Math.max(from, 0); i < ps.length; i++) {
                if (ps[i].test(e)) return i;
            }
            return -1;
        };
    }

    @Override
    public Output output(CompiledRule rule, String format) throws BindException {
        return DetectOutput.bind(format, compiler);
    }

    /** Number of distinct subexpressions compiled so far (shared between rules). */
    int distinctChecks() {
        return compiler.sharedNodes();
    }
}
