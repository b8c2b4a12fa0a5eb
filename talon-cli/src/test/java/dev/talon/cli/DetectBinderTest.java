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

/** Checks equal across rules are compiled once (their per-event results are shared). */
class DetectBinderTest {
    static void leaves(Expr e, Set<Expr> distinct, int[] total) {
        switch (e) {
            case Expr.And a -> a.children().forEach(c -> leaves(c, distinct, total));
            case Expr.Or o -> o.children().forEach(c -> leaves(c, distinct, total));
            case Expr.Not n -> leaves(n.child(), distinct, total);
            default -> {
                distinct.add(e);
                total[0]++;
            }
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
                leaves(r.condition(), distinct, total);
            } catch (RuleBinder.BindException e) {
                assertThat(r.name()).isEqualTo(DetectRulesOnFixturesTest.NEEDS_K8S_FIELDS);
            }
        }
        // (checks of the unbindable rule compiled before its failing one are cached too)
        assertThat(binder.distinctChecks()).isGreaterThanOrEqualTo(distinct.size()).isLessThan(total[0]);
        System.out.println("stable rules: " + total[0] + " checks, " + distinct.size() + " distinct");
    }
}
