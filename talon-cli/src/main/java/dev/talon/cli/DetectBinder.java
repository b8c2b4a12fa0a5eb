package dev.talon.cli;

import dev.talon.filter.Expr;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.engine.RuleBinder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds rules to talon-inspect: conditions through its filter compiler, outputs through {@link DetectOutput}.
 *
 * <p>Rules share most of their checks (the stable rules' open rules all start with the same
 * {@code open_read}/{@code open_write} macro, then test the same {@code fd.name}/{@code fd.directory}
 * lists). Each distinct check (equal ASTs, positions ignored) is compiled once for all rules and its
 * result kept for the current event (keyed by the event number), so an event tested by five rules
 * evaluates each shared check once, like libsinsp's filter-check cache. {@code and}/{@code or}/{@code not}
 * keep their short-circuit order.
 */
public final class DetectBinder implements RuleBinder {
    private final FilterCompiler compiler;
    private final EventContext ctx;
    private final Map<Expr, EventPredicate> checks = new HashMap<>();

    public DetectBinder(EventContext ctx) {
        this.ctx = ctx;
        this.compiler = new FilterCompiler(ctx);
    }

    @Override
    public Condition condition(CompiledRule rule) throws BindException {
        try {
            EventPredicate p = node(rule.condition());
            return p::test;
        } catch (FilterCompileException e) {
            throw new BindException(e.getMessage(), e);
        }
    }

    @Override
    public Output output(CompiledRule rule, String format) throws BindException {
        return DetectOutput.bind(format, compiler);
    }

    /** Number of distinct checks compiled so far (shared between rules). */
    int distinctChecks() {
        return checks.size();
    }

    private EventPredicate node(Expr e) throws FilterCompileException {
        return switch (e) {
            case Expr.And a -> {
                EventPredicate[] c = children(a.children());
                yield ev -> {
                    for (EventPredicate p : c) {
                        if (!p.test(ev)) return false;
                    }
                    return true;
                };
            }
            case Expr.Or o -> {
                EventPredicate[] c = children(o.children());
                yield ev -> {
                    for (EventPredicate p : c) {
                        if (p.test(ev)) return true;
                    }
                    return false;
                };
            }
            case Expr.Not n -> {
                EventPredicate c = node(n.child());
                yield ev -> !c.test(ev);
            }
            default -> check(e);
        };
    }

    private EventPredicate[] children(List<Expr> list) throws FilterCompileException {
        EventPredicate[] out = new EventPredicate[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node(list.get(i));
        }
        return out;
    }

    private EventPredicate check(Expr leaf) throws FilterCompileException {
        EventPredicate p = checks.get(leaf);
        if (p == null) {
            p = new Memo(compiler.compile(leaf), ctx);
            checks.put(leaf, p);
        }
        return p;
    }

    /** A check's result for the current event (event numbers only grow within one context). */
    private static final class Memo implements EventPredicate {
        private final EventPredicate check;
        private final EventContext ctx;
        private long event = -1;
        private boolean value;

        Memo(EventPredicate check, EventContext ctx) {
            this.check = check;
            this.ctx = ctx;
        }

        @Override
        public boolean test(dev.talon.event.EventView e) {
            long n = ctx.number();
            if (n != event) {
                value = check.test(e);
                event = n;
            }
            return value;
        }
    }
}
