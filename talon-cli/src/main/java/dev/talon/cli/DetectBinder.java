package dev.talon.cli;

import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.engine.RuleBinder;

/** Binds rules to talon-inspect: conditions through its filter compiler, outputs through {@link DetectOutput}. */
final class DetectBinder implements RuleBinder {
    private final FilterCompiler compiler;

    DetectBinder(EventContext ctx) {
        this.compiler = new FilterCompiler(ctx);
    }

    @Override
    public Condition condition(CompiledRule rule) throws BindException {
        EventPredicate p;
        try {
            p = compiler.compile(rule.condition());
        } catch (FilterCompileException e) {
            throw new BindException(e.getMessage(), e);
        }
        return p::test;
    }

    @Override
    public Output output(CompiledRule rule, String format) throws BindException {
        return DetectOutput.bind(format, compiler);
    }
}
