package dev.talon.inspect.filter;

import dev.talon.event.EventView;
import dev.talon.filter.Expr;
import dev.talon.filter.Operand;
import dev.talon.filter.SourcePos;
import dev.talon.inspect.field.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of a list of conditions (the rules of one event type) can match an event, remembered by the values of a
 * few fields. Each condition's part that reads only those fields ({@link FilterCompiler#compileImplied}) depends
 * on nothing else, so its result is the same for every event with the same values. A small table keeps the
 * results by value: an event whose values are in it skips, without evaluating anything, the conditions whose part
 * is false.
 *
 * <p>This pays where events repeat the same values, as opens repeat the same paths: on the stable rules every
 * open runs five rules that each test {@code fd.name} or {@code fd.directory} against lists of sensitive files,
 * and most opens are of a few paths that none of them lists. Values are keyed by identity, not content, so a
 * lookup is a few compares; the state hands out the same {@code String} for a path seen again (see
 * RecentStrings), and a value that is not a {@code String} (a field's reused buffer) is not cached at all.
 * Not thread-safe: one per event loop, like the compiler it comes from.
 */
public final class CandidateFilter {
    /** Slots of the direct-mapped table of recent values. */
    private static final int SLOTS = 64;
    /** Stands for a key field without a value. */
    private static final Object ABSENT = new Object();

    private final Field[] keys;
    /** Per condition (the first 64): its part on the key fields, or null when it has none. */
    private final EventPredicate[] implied;
    /** Bits of the conditions without such a part (and of those past the 64th): always candidates. */
    private final long always;
    private final Object[] current;
    private final Object[] slotKeys;
    private final long[] slotMasks = new long[SLOTS];

    private CandidateFilter(Field[] keys, EventPredicate[] implied, long always) {
        this.keys = keys;
        this.implied = implied;
        this.always = always;
        this.current = new Object[keys.length];
        this.slotKeys = new Object[SLOTS * keys.length];
    }

    /**
     * A filter for {@code conditions}, in their order, keyed by the fields named in {@code keyFields} (fields
     * without an argument); null when no condition has a part on those fields.
     */
    public static CandidateFilter of(FilterCompiler compiler, List<Expr> conditions, Set<String> keyFields)
            throws FilterCompileException {
        EventPredicate[] implied = new EventPredicate[Math.min(conditions.size(), 64)];
        long always = 0;
        boolean any = false;
        for (int i = 0; i < implied.length; i++) {
            implied[i] = compiler.compileImplied(conditions.get(i), keyFields);
            if (implied[i] == null) always |= 1L << i;
            else any = true;
        }
        if (!any) return null;
        List<Field> keys = new ArrayList<>();
        for (String name : keyFields.stream().sorted().toList()) {
            keys.add(compiler.compileField(new Operand.FieldRef(name, null, SourcePos.NONE)));
        }
        return new CandidateFilter(keys.toArray(Field[]::new), implied, always);
    }

    /**
     * Bit {@code i} set: condition {@code i} may match {@code e} (the state must reflect {@code e} and its
     * context be at this event); clear: it does not. Conditions from the 65th on are not covered by the mask.
     */
    public long candidates(EventView e) {
        Object[] cur = current;
        int h = 0;
        for (int k = 0; k < keys.length; k++) {
            Field f = keys[k];
            Object v;
            if (!f.eval(e)) v = ABSENT;
            else if (f.text() instanceof String s) v = s;
            else return evaluate(e); // a reused buffer: its identity says nothing about its content
            cur[k] = v;
            h = 31 * h + System.identityHashCode(v);
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        int base = slot * cur.length;
        boolean hit = true;
        for (int k = 0; k < cur.length; k++) {
            if (slotKeys[base + k] != cur[k]) {
                hit = false;
                break;
            }
        }
        if (hit) return slotMasks[slot];
        long mask = evaluate(e);
        System.arraycopy(cur, 0, slotKeys, base, cur.length);
        slotMasks[slot] = mask;
        return mask;
    }

    /** The mask by evaluating every part, without the table. */
    long evaluate(EventView e) {
        long mask = always;
        for (int i = 0; i < implied.length; i++) {
            EventPredicate p = implied[i];
            if (p != null && p.test(e)) mask |= 1L << i;
        }
        return mask;
    }
}
