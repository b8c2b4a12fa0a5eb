package dev.talon.rules;

import dev.talon.event.EventFlags;
import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.SyscallCodes;
import dev.talon.filter.Expr;
import dev.talon.filter.Operand;
import dev.talon.filter.Operator;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event-type set of an expanded condition (Falco's evttype index): {@code evt.type =/in X}
 * yields X's codes, {@code !=} the complement; {@code and} intersects, {@code or} unites;
 * {@code not} is pushed to the leaves (De Morgan); any other leaf is neutral (all types);
 * {@code evt.num = 0} can never hold (empty). Syscall names without an event of their own map to
 * the generic {@code syscall} event.
 */
final class EventTypes {
    private static final Set<String> SYSCALLS = syscallNames();
    private static final BitSet GENERIC = codesOf("syscall");

    private EventTypes() {
    }

    record Result(EventTypeSet set, Set<String> unknownNames) {
    }

    static Result of(Expr e) {
        Set<String> unknown = new TreeSet<>();
        BitSet codes = eval(e, false, unknown);
        return new Result(new EventTypeSet(codes), unknown);
    }

    /** The evt.type name of an event code, or null for codes the schema marks unused. */
    static String nameOf(int code) {
        EventInfo info = EventSchema.info(code);
        return info == null || info.has(EventFlags.EF_UNUSED) || info.name().equals("NA") ? null : info.name();
    }

    private static Set<String> syscallNames() {
        Set<String> names = new HashSet<>();
        for (int sc = 0; sc < SyscallCodes.count(); sc++) {
            if (SyscallCodes.name(sc) != null) names.add(SyscallCodes.name(sc));
        }
        return Set.copyOf(names);
    }

    private static BitSet codesOf(String name) {
        BitSet b = new BitSet();
        for (int i = 0; i < EventSchema.typeCount(); i++) {
            if (name.equals(nameOf(i))) {
                b.set(i);
            }
        }
        return b;
    }

    private static BitSet eval(Expr e, boolean negated, Set<String> unknown) {
        return switch (e) {
            case Expr.And a -> combine(a.children(), !negated, negated, unknown);
            case Expr.Or o -> combine(o.children(), negated, negated, unknown);
            case Expr.Not n -> eval(n.child(), !negated, unknown);
            case Expr.BinaryCheck b -> leaf(b, negated, unknown);
            case Expr.UnaryCheck u -> EventTypeSet.allCodes();
            case Expr.MacroRef m -> EventTypeSet.allCodes();
        };
    }

    private static BitSet combine(List<Expr> children, boolean intersect, boolean negated, Set<String> unknown) {
        BitSet acc = null;
        for (Expr c : children) {
            BitSet s = eval(c, negated, unknown);
            if (acc == null) {
                acc = s;
            } else if (intersect) {
                acc.and(s);
            } else {
                acc.or(s);
            }
        }
        return acc;
    }

    private static BitSet leaf(Expr.BinaryCheck b, boolean negated, Set<String> unknown) {
        if (!(b.lhs() instanceof Operand.FieldRef f) || f.argument() != null) {
            return EventTypeSet.allCodes();
        }
        if (f.name().equals("evt.num") && b.op().isEquality() && b.rhs() instanceof Operand.Literal l
                && l.text().equals("0")) {
            return negated ? EventTypeSet.allCodes() : new BitSet();
        }
        if (!f.name().equals("evt.type") || b.modifier() != dev.talon.filter.ListModifier.NONE) {
            return EventTypeSet.allCodes();
        }
        List<String> names;
        if ((b.op().isEquality() || b.op() == Operator.NE) && b.rhs() instanceof Operand.Literal l) {
            names = List.of(l.text());
        } else if (b.op() == Operator.IN && b.rhs() instanceof Operand.ListLiteral l) {
            names = l.items().stream().map(Operand.Literal::text).toList();
        } else {
            return EventTypeSet.allCodes();
        }
        BitSet s = new BitSet();
        for (String n : new HashSet<>(names)) {
            BitSet codes = codesOf(n);
            if (codes.isEmpty()) {
                if (SYSCALLS.contains(n)) {
                    codes = GENERIC;
                } else {
                    unknown.add(n);
                }
            }
            s.or(codes);
        }
        boolean complement = (b.op() == Operator.NE) != negated;
        if (complement) {
            BitSet all = EventTypeSet.allCodes();
            all.andNot(s);
            return all;
        }
        return s;
    }
}
