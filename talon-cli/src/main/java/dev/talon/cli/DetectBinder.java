package dev.talon.cli;

import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.engine.RuleBinder;

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

    public DetectBinder(EventContext ctx) {
        this.compiler = FilterCompiler.sharing(ctx);
    }

    @Override
    public Condition condition(CompiledRule rule) throws BindException {
        try {
            EventPredicate p = compiler.compileTree(rule.condition());
            return p::test;
        } catch (FilterCompileException e) {
            throw new BindException(e.getMessage(), e);
        }
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
