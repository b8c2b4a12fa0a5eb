// In one JVM, alternately reads a capture (a) with state only and (b) with state + the rules engine, and
// reports the best time of each: the cost of evaluating the rules relative to reading alone, with JIT
// and machine noise (other processes) affecting both sides alike.
//
//   java -cp talon-cli/target/talon.jar bench/DetectBench.java CAPTURE [ROUNDS] [RULES.yaml...]
//   (no rules files: the bundled Falco stable rules; BINDER=cli|sharing|plain picks how conditions are bound)
import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.rules.BundledRules;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleLoader;
import dev.talon.rules.RuleSet;
import dev.talon.rules.engine.DetectionEngine;
import dev.talon.rules.engine.RuleBinder;
import dev.talon.rules.engine.RuleSelection;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;

import java.nio.file.Path;
import java.util.Map;

public class DetectBench {
    /**
     * Whole conditions compiled one by one by one compiler: with {@code sharing}, talon-inspect's sharing
     * compiler (every subexpression equal across rules compiled once, evaluated once per event); without,
     * nothing shared between rules except the per-event field values.
     */
    static RuleBinder plain(EventContext ctx, boolean sharing) {
        FilterCompiler compiler = sharing ? FilterCompiler.sharing(ctx) : new FilterCompiler(ctx);
        return new RuleBinder() {
            public Condition condition(CompiledRule rule) throws BindException {
                try {
                    var p = compiler.compile(rule.condition());
                    return p::test;
                } catch (Exception e) {
                    throw new BindException(e.getMessage());
                }
            }

            public Output output(CompiledRule rule, String format) {
                return new Output() {
                    public String message(EventView e) { return rule.name(); }
                    public Map<String, Object> fields(EventView e) { return Map.of(); }
                };
            }
        };
    }

    /** With COUNT_EVALS set: how often each rule's condition runs (its event types' share of the capture). */
    static void countEvaluations(Path capture, RuleSet rules) throws Exception {
        StateTracker state = new StateTracker();
        EventContext ctx = new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false));
        FilterCompiler compiler = new FilterCompiler(ctx);
        Map<String, long[]> counts = new java.util.LinkedHashMap<>();
        RuleBinder binder = new RuleBinder() {
            public Condition condition(CompiledRule rule) throws BindException {
                try {
                    var p = compiler.compile(rule.condition());
                    long[] c = counts.computeIfAbsent(rule.name(), k -> new long[1]);
                    return e -> { c[0]++; return p.test(e); };
                } catch (Exception e) {
                    throw new BindException(e.getMessage());
                }
            }

            public Output output(CompiledRule rule, String format) {
                return new Output() {
                    public String message(EventView e) { return rule.name(); }
                    public Map<String, Object> fields(EventView e) { return Map.of(); }
                };
            }
        };
        DetectionEngine engine = DetectionEngine.build(rules, RuleSelection.defaults(), binder,
                DetectionEngine.Settings.defaults(), a -> { }, true);
        try (Source s = ScapReader.open(capture, new CaptureMetadata(state))) {
            EventView e = new EventView();
            long n = 0;
            while (s.next(e)) {
                if (e.info() == null) continue;
                state.onEvent(e);
                ctx.event(++n, null);
                ctx.timestamp(e.ts());
                engine.process(e);
            }
        }
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(12)
                .forEach(en -> System.out.printf("  %10d  %s%n", en.getValue()[0], en.getKey()));
    }

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        RuleLoader loader = new RuleLoader();
        if (args.length > 2) {
            for (int i = 2; i < args.length; i++) loader.addFile(Path.of(args[i]));
        } else {
            BundledRules.addTo(loader);
        }
        RuleSet rules = loader.load();
        // BINDER=cli (talon-cli's DetectBinder, what `talon detect` runs), sharing or plain (see plain())
        String binderName = System.getenv().getOrDefault("BINDER", System.getenv("PLAIN_BINDER") != null ? "plain" : "cli");
        // TREE=1: a third variant, the rules bound as node trees instead of generated code (talon.filter.codegen;
        // BINDER=sharing or plain: the cli binder always binds trees). The variants share one JVM, so each one's
        // call sites see the others' classes: compare the two in JVMs of their own (bench/DETECT.md).
        boolean tree = System.getenv("TREE") != null;
        long best0 = Long.MAX_VALUE, best1 = Long.MAX_VALUE, best2 = Long.MAX_VALUE, events = 0, alerts = 0;
        int bound = 0;
        long[] allocated = new long[3];
        long[] bestCpu = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int variant = 0; variant < (tree ? 3 : 2); variant++) {
                int withRules = Math.min(variant, 1);
                System.setProperty("talon.filter.codegen", variant == 2 ? "false" : "true");
                StateTracker state = new StateTracker();
                EventContext ctx = new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false));
                RuleBinder binder = switch (binderName) {
                    case "plain" -> plain(ctx, false);
                    case "sharing" -> plain(ctx, true);
                    default -> new dev.talon.cli.DetectBinder(ctx);
                };
                long[] count = new long[1];
                DetectionEngine engine = DetectionEngine.build(rules, RuleSelection.defaults(), binder,
                        DetectionEngine.Settings.defaults(), a -> count[0]++, true);
                bound = engine.rules().size();
                long n = 0;
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                try (Source s = ScapReader.open(capture, new CaptureMetadata(state))) {
                    EventView e = new EventView();
                    while (s.next(e)) {
                        if (e.info() == null) continue;
                        state.onEvent(e);
                        n++;
                        ctx.event(n, null);
                        ctx.timestamp(e.ts());
                        if (withRules == 1) engine.process(e);
                    }
                }
                long t = System.nanoTime() - t0;
                bestCpu[variant] = Math.min(bestCpu[variant], threads.getCurrentThreadCpuTime() - c0);
                allocated[variant] = threads.getCurrentThreadAllocatedBytes() - a0; // the last round's
                events = n;
                if (variant == 0) best0 = Math.min(best0, t);
                else if (variant == 1) { best1 = Math.min(best1, t); alerts = count[0]; }
                else best2 = Math.min(best2, t);
            }
        }
        if (System.getenv("COUNT_EVALS") != null) countEvaluations(capture, rules);
        System.out.printf("events %d, rules bound %d of %d, alerts %d, binder %s%n", events, bound, rules.rules().size(), alerts, binderName);
        System.out.printf("  state only      %8.0f ns/event  %10.0f events/s  %6.2f B/event allocated%n", (double) best0 / events,
                events * 1e9 / best0, (double) allocated[0] / events);
        System.out.printf("  state + rules   %8.0f ns/event  %10.0f events/s  %6.2f B/event allocated%n", (double) best1 / events,
                events * 1e9 / best1, (double) allocated[1] / events);
        System.out.printf("  rule evaluation +%.1f%% (%.0f ns/event)%n", (best1 / (double) best0 - 1) * 100, (double) (best1 - best0) / events);
        // the loop thread's own CPU time: leaves out the time the JIT, GC or other processes took its CPU
        System.out.printf("  by the loop's CPU time: state %.0f, state + rules %.0f ns/event, rule evaluation +%.1f%%%n",
                (double) bestCpu[0] / events, (double) bestCpu[1] / events, (bestCpu[1] / (double) bestCpu[0] - 1) * 100);
        if (tree) {
            System.out.printf("  state + rules as trees %8.0f ns/event%n", (double) best2 / events);
            System.out.printf("  rule evaluation as trees +%.1f%% (%.0f ns/event)%n", (best2 / (double) best0 - 1) * 100, (double) (best2 - best0) / events);
        }
    }
}
