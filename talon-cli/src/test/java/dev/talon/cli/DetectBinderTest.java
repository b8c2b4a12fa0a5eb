package dev.talon.cli;

import dev.talon.filter.Expr;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.StateTracker;
import dev.talon.rules.BundledRules;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleLoader;
import dev.talon.rules.RuleSet;
import dev.talon.rules.engine.RuleBinder;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Subexpressions equal across rules are compiled once (their per-event results are shared). */
class DetectBinderTest {
    /** Counts every subexpression node and collects the distinct ones (equal ASTs, positions ignored). */
    static void nodes(Expr e, Set<Expr> distinct, int[] total) {
        distinct.add(e);
        total[0]++;
        switch (e) {
            case Expr.And a -> a.children().forEach(c -> nodes(c, distinct, total));
            case Expr.Or o -> o.children().forEach(c -> nodes(c, distinct, total));
            case Expr.Not n -> nodes(n.child(), distinct, total);
            default -> { }
        }
    }

    @Test
    void stableRulesShareTheirChecks() throws Exception {
        RuleSet rules = BundledRules.addTo(new RuleLoader()).load();
        StateTracker state = new StateTracker();
        DetectBinder binder = new DetectBinder(new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false)));
        Set<Expr> distinct = new HashSet<>();
        int[] total = new int[1];
        for (CompiledRule r : rules.rules()) {
            try {
                binder.condition(r);
                nodes(r.condition(), distinct, total);
            } catch (RuleBinder.BindException e) {
                assertThat(r.name()).isEqualTo(DetectRulesOnFixturesTest.NEEDS_K8S_FIELDS);
            }
        }
        // (subexpressions of the unbindable rule compiled before its failing one are kept too)
        assertThat(binder.distinctChecks()).isGreaterThanOrEqualTo(distinct.size()).isLessThan(total[0]);
        System.out.println("stable rules: " + total[0] + " subexpressions, " + distinct.size() + " distinct");
    }
}
