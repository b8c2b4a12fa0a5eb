package dev.talon.cli;

import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.inspect.filter.PredicateSequence;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.engine.RuleBinder;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

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
 * <p>Each condition's code is generated on the common pool while the next rules compile (generating the
 * stable rules' conditions takes about 100 ms in a fresh JVM, the class-file API running cold): start-up
 * uses the second CPU, and the engine waits for the generated code only when it builds its sequences.
 */
public final class DetectBinder implements RuleBinder {
    private final FilterCompiler compiler;
    /** The (generated) predicate behind each condition this binder returned, for {@link #sequence}. */
    private final Map<Condition, CompletableFuture<EventPredicate>> predicates = new IdentityHashMap<>();

    public DetectBinder(EventContext ctx) {
        this.compiler = FilterCompiler.sharing(ctx);
    }

    @Override
    public Condition condition(CompiledRule rule) throws BindException {
        try {
            CompletableFuture<EventPredicate> p = compiler.compileThenGenerate(rule.condition(), ForkJoinPool.commonPool());
            Condition c = e -> generated(p).test(e);
            predicates.put(c, p);
            return c;
        } catch (FilterCompileException e) {
            throw new BindException(e.getMessage(), e);
        }
    }

    private static EventPredicate generated(CompletableFuture<EventPredicate> p) {
        try {
            return p.join();
        } catch (CompletionException e) {
            // a generator bug (OneMethodClass says so): the same exception as without the pool
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The rules of one event type as one generated sequence ({@link PredicateSequence}): each rule's
     * condition is called directly, not through the engine's call site that every rule's condition class
     * shares (megamorphic: 17% of the stable rules' time in a profile; bench/DETECT.md has what it saved).
     */
    @Override
    public Conditions sequence(List<Condition> conditions) {
        EventPredicate[] ps = new EventPredicate[conditions.size()];
        for (int i = 0; i < ps.length; i++) {
            CompletableFuture<EventPredicate> p = predicates.get(conditions.get(i));
            if (p == null) return RuleBinder.super.sequence(conditions); // not bound here
            ps[i] = generated(p);
        }
        PredicateSequence sequence = PredicateSequence.of(ps);
        return sequence::next;
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
