package dev.talon.rules.engine;

import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import dev.talon.outputs.Alert;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Falco's rule evaluation for the {@code syscall} source. Built once from a loaded {@link RuleSet}: the
 * selected rules are bound (condition and output) and indexed by event type; then {@link #process} is
 * called for every event, after the state has been updated with it.
 *
 * <p>For an event of type T, the candidate rules are those whose event-type set contains T, in
 * definition order. With {@link Matching#FIRST} the first rule whose condition holds raises the only
 * alert for the event; with {@link Matching#ALL} every matching rule raises one. Nothing is allocated
 * per event unless a rule fires. Not thread-safe: one capture thread drives it.
 */
public final class DetectionEngine {
    /** {@code rule_matching}. */
    public enum Matching {
        FIRST, ALL;

        /** {@code first} or {@code all}, as in talon.yaml. */
        public static Matching parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "first" -> FIRST;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException("rule_matching must be 'first' or 'all', got '" + text + "'");
            };
        }
    }

    /**
     * Engine settings.
     *
     * @param matching          {@code rule_matching}
     * @param timeFormatIso8601 names the alert's time field in output_fields: {@code evt.time.iso8601} if true,
     *                          else {@code evt.time} (Falco adds the field its time prefix uses)
     * @param appendOutput      {@code append_output} entries, applied in order to every matching rule
     */
    public record Settings(Matching matching, boolean timeFormatIso8601, List<AppendOutput> appendOutput) {
        public Settings {
            Objects.requireNonNull(matching);
            appendOutput = List.copyOf(appendOutput);
        }

        public static Settings defaults() {
            return new Settings(Matching.FIRST, false, List.of());
        }
    }

    /** A selected rule that could not be bound and does not run, with the reason. */
    public record SkippedRule(CompiledRule rule, String reason) {
    }

    /** Receives alerts (in production {@code Outputs::offer}); must not block. */
    @FunctionalInterface
    public interface AlertSink {
        void alert(Alert alert);
    }

    /** One bound rule. */
    private record Slot(CompiledRule rule, RuleBinder.Condition condition, RuleBinder.Output output,
                        List<ExtraField> extraFields) {
    }

    /** An {@code append_output} extra field: a name and the bound output producing its value. */
    record ExtraField(String name, RuleBinder.Output value, boolean fieldValue) {
    }

    private static final int[] NONE = new int[0];

    private final Slot[] slots;
    /** event type code → slot numbers in definition order */
    private final int[][] byType;
    /** event type code → its rules' conditions as one (one per distinct rule list, see {@link RuleBinder#sequence}) */
    private final RuleBinder.Conditions[] conditionsByType;
    private final long[] alertsBySlot;
    private final Settings settings;
    private final AlertSink sink;
    private final String hostname;
    private final String timeField;
    private long events;
    private long alerts;

    private final List<SkippedRule> skipped;

    private DetectionEngine(Slot[] slots, int[][] byType, RuleBinder.Conditions[] conditionsByType, Settings settings,
                            AlertSink sink, List<SkippedRule> skipped) {
        this.skipped = List.copyOf(skipped);
        this.slots = slots;
        this.byType = byType;
        this.conditionsByType = conditionsByType;
        this.alertsBySlot = new long[slots.length];
        this.settings = settings;
        this.sink = sink;
        this.hostname = Alert.localHostname();
        this.timeField = settings.timeFormatIso8601() ? "evt.time.iso8601" : "evt.time";
    }

    /**
     * Binds and indexes the selected {@code syscall} rules of {@code rules}.
     *
     * @throws RuleBinder.BindException naming the first rule that cannot be bound
     */
    public static DetectionEngine build(RuleSet rules, RuleSelection selection, RuleBinder binder, Settings settings,
                                        AlertSink sink) throws RuleBinder.BindException {
        return build(rules, selection, binder, settings, sink, false);
    }

    /**
     * Like {@link #build(RuleSet, RuleSelection, RuleBinder, Settings, AlertSink)}; with {@code skipUnbindable}
     * a rule that cannot be bound (e.g. it uses a field the evaluator does not support) is left out and
     * listed in {@link #skipped()} instead of failing the build.
     */
    public static DetectionEngine build(RuleSet rules, RuleSelection selection, RuleBinder binder, Settings settings,
                                        AlertSink sink, boolean skipUnbindable) throws RuleBinder.BindException {
        List<Slot> slots = new ArrayList<>();
        List<SkippedRule> skipped = new ArrayList<>();
        for (CompiledRule r : rules.rules()) {
            if (!r.source().equals(Alert.SYSCALL) || !selection.isSelected(r)) {
                continue;
            }
            try {
                slots.add(bind(r, binder, settings));
            } catch (RuleBinder.BindException e) {
                if (!skipUnbindable) {
                    throw e;
                }
                skipped.add(new SkippedRule(r, e.getMessage()));
            }
        }
        int types = EventSchema.typeCount();
        int[][] byType = new int[types][];
        int[] buf = new int[slots.size()];
        for (int code = 0; code < types; code++) {
            int n = 0;
            for (int s = 0; s < slots.size(); s++) {
                if (slots.get(s).rule().eventTypes().contains(code)) {
                    buf[n++] = s;
                }
            }
            byType[code] = n == 0 ? NONE : java.util.Arrays.copyOf(buf, n);
        }
        // event types with the same rules (open, openat, openat2...) share one sequence
        RuleBinder.Conditions[] conditionsByType = new RuleBinder.Conditions[types];
        Map<List<Integer>, RuleBinder.Conditions> distinct = new HashMap<>();
        for (int code = 0; code < types; code++) {
            if (byType[code].length == 0) continue;
            List<Integer> key = java.util.Arrays.stream(byType[code]).boxed().toList();
            RuleBinder.Conditions c = distinct.get(key);
            if (c == null) {
                List<RuleBinder.Condition> conditions = new ArrayList<>(key.size());
                for (int s : byType[code]) conditions.add(slots.get(s).condition());
                c = binder.sequence(conditions);
                distinct.put(key, c);
            }
            conditionsByType[code] = c;
        }
        return new DetectionEngine(slots.toArray(Slot[]::new), byType, conditionsByType, settings,
                Objects.requireNonNull(sink), skipped);
    }

    private static Slot bind(CompiledRule r, RuleBinder binder, Settings settings) throws RuleBinder.BindException {
        String format = r.output();
        List<ExtraField> extras = new ArrayList<>();
        for (AppendOutput a : settings.appendOutput()) {
            if (!a.matches(r)) {
                continue;
            }
            if (!a.extraOutput().isEmpty()) {
                format = format + " " + a.extraOutput();
            }
            for (AppendOutput.ExtraField f : a.extraFields()) {
                String valueFormat = f.fieldValue() ? "%" + f.name() : f.format();
                extras.add(new ExtraField(f.name(), bindOutput(binder, r, valueFormat), f.fieldValue()));
            }
        }
        RuleBinder.Condition condition;
        try {
            condition = binder.condition(r);
        } catch (RuleBinder.BindException e) {
            throw new RuleBinder.BindException("rule '" + r.name() + "' (" + r.file() + ":" + r.line()
                    + "): condition: " + e.getMessage(), e);
        }
        return new Slot(r, condition, bindOutput(binder, r, format), List.copyOf(extras));
    }

    private static RuleBinder.Output bindOutput(RuleBinder binder, CompiledRule r, String format)
            throws RuleBinder.BindException {
        try {
            return binder.output(r, format);
        } catch (RuleBinder.BindException e) {
            throw new RuleBinder.BindException("rule '" + r.name() + "' (" + r.file() + ":" + r.line()
                    + "): output: " + e.getMessage(), e);
        }
    }

    /**
     * Evaluates the candidate rules for {@code e} (the state must already reflect {@code e}) and hands an
     * alert for each firing rule to the sink.
     *
     * @return the number of alerts raised for this event
     */
    public int process(EventView e) {
        events++;
        int type = e.type();
        if (type < 0 || type >= byType.length) {
            return 0;
        }
        RuleBinder.Conditions conditions = conditionsByType[type];
        if (conditions == null) {
            return 0;
        }
        int[] candidates = byType[type];
        int raised = 0;
        for (int i = conditions.next(e, 0); i >= 0; i = conditions.next(e, i + 1)) {
            int s = candidates[i];
            raise(slots[s], s, e);
            raised++;
            if (settings.matching() == Matching.FIRST) {
                break;
            }
        }
        return raised;
    }

    private void raise(Slot slot, int s, EventView e) {
        alertsBySlot[s]++;
        alerts++;
        CompiledRule r = slot.rule();
        String message = slot.output().message(e);
        Map<String, Object> fields = new LinkedHashMap<>(slot.output().fields(e));
        fields.put(timeField, e.ts());
        for (ExtraField x : slot.extraFields()) {
            fields.put(x.name(), x.fieldValue() ? x.value().fields(e).values().stream().findFirst().orElse(null)
                    : x.value().message(e));
        }
        sink.alert(new Alert(e.ts(), r.name(), r.priority(), message, fields, r.source(),
                new java.util.TreeSet<>(r.tags()), hostname));
    }

    /** The rules this engine evaluates, in definition order. */
    public List<CompiledRule> rules() {
        List<CompiledRule> out = new ArrayList<>(slots.length);
        for (Slot s : slots) {
            out.add(s.rule());
        }
        return Collections.unmodifiableList(out);
    }

    /** Selected rules left out because they could not be bound (only with {@code skipUnbindable}). */
    public List<SkippedRule> skipped() {
        return skipped;
    }

    /** Number of rules evaluated for events of type {@code code}. */
    public int candidateCount(int code) {
        return code < 0 || code >= byType.length ? 0 : byType[code].length;
    }

    /** Events processed so far. */
    public long events() {
        return events;
    }

    /** Alerts raised so far (before output filtering, rate limiting or drops). */
    public long alerts() {
        return alerts;
    }

    /** Alerts raised per rule that fired at least once, in definition order. */
    public Map<String, Long> alertsByRule() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < slots.length; i++) {
            if (alertsBySlot[i] > 0) {
                out.put(slots[i].rule().name(), alertsBySlot[i]);
            }
        }
        return out;
    }

    /** Alerts raised per priority (display name, most severe first), only priorities that occurred. */
    public Map<String, Long> alertsByPriority() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (dev.talon.outputs.Priority p : dev.talon.outputs.Priority.values()) {
            long n = 0;
            for (int i = 0; i < slots.length; i++) {
                if (slots[i].rule().priority() == p) {
                    n += alertsBySlot[i];
                }
            }
            if (n > 0) {
                out.put(p.name(), n);
            }
        }
        return out;
    }
}
