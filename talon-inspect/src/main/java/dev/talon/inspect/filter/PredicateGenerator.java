package dev.talon.inspect.filter;

import dev.talon.event.EventView;
import dev.talon.inspect.codegen.OneMethodClass;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.field.Field;
import dev.talon.inspect.field.MemoField;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a compiled condition tree into one generated class whose {@code test} method holds the whole
 * and/or/not structure as branches and calls every check, field and matcher on a constant.
 *
 * <p>Why: in the tree, the calls from {@code And} to its children, from a check to its field and matcher,
 * and from a memoized field to the field it wraps are each one call site shared by every node of the
 * program, so the JIT sees dozens of receiver classes there and makes an interface dispatch of each
 * (about 60% of a Falco rule's time in a profile). In a generated class each call has its own site and
 * its receiver is a class-data constant of a known class, so the JIT binds it directly and can inline it,
 * as libsinsp's compiled filter checks are direct C++ calls. Results are those of the tree: the same nodes
 * and fields are evaluated in the same order, and shared nodes keep their per-event memo in the node.
 *
 * <p>A condition too large for one method (the JIT does not compile methods over 8000 bytes of bytecode)
 * is split: subtrees past the budget become generated classes of their own, called on a constant too.
 *
 * <p>{@link FilterCompiler#compile} uses it (the filter of {@code talon inspect}); the conditions of a rules file
 * stay trees ({@link FilterCompiler#compileTree}): with the AOT cache's profiles the trees were as fast warm in a
 * JVM of their own, without the generation's start-up and JIT cost (bench/DETECT.md).
 */
final class PredicateGenerator {
    private PredicateGenerator() {}

    /**
     * Off for comparing the generated code with the tree it comes from ({@code -Dtalon.filter.codegen=false});
     * read at each compilation, so a benchmark can bind the same rules both ways in one JVM.
     */
    static boolean enabled() {
        return !"false".equals(System.getProperty("talon.filter.codegen"));
    }

    /** Estimated bytecode bytes per method, far enough under the JIT's 8000-byte limit for the estimate's error. */
    private static final int BUDGET = 4000;

    private static final ClassDesc CD_PREDICATE = OneMethodClass.desc(EventPredicate.class);
    private static final ClassDesc CD_VIEW = OneMethodClass.desc(EventView.class);
    private static final ClassDesc CD_CONTEXT = OneMethodClass.desc(EventContext.class);
    private static final ClassDesc CD_FIELD = OneMethodClass.desc(Field.class);
    private static final ClassDesc CD_MEMO_FIELD = OneMethodClass.desc(MemoField.class);
    private static final ClassDesc CD_MEMO = OneMethodClass.desc(Nodes.Memo.class);
    private static final ClassDesc CD_MATCHER = OneMethodClass.desc(Matchers.Matcher.class);
    private static final ClassDesc CD_LAST_VALUE = OneMethodClass.desc(Matchers.LastValue.class);
    private static final ClassDesc CD_GENERATED = ClassDesc.of(PredicateGenerator.class.getPackageName() + ".GeneratedPredicate");

    private static final MethodTypeDesc MT_TEST = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_VIEW);
    private static final MethodTypeDesc MT_STAMP = MethodTypeDesc.of(ConstantDescs.CD_long);
    private static final MethodTypeDesc MT_EVAL = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_VIEW);
    private static final MethodTypeDesc MT_EVAL_WITH = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_FIELD, CD_VIEW);
    private static final MethodTypeDesc MT_COUNT = MethodTypeDesc.of(ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_MATCH = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_FIELD, ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_MATCH_WITH = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_MATCHER, CD_FIELD,
            ConstantDescs.CD_int);


    /** The generated form of {@code root}; leaves that are no and/or/not/check structure are returned as they are. */
    static EventPredicate generate(EventPredicate root) {
        if (!enabled() || !structural(root)) return root;
        return new Method(root).define();
    }

    /** The class file generated for {@code root} (its own class only; split-off parts are defined as a side effect). */
    static byte[] classBytes(EventPredicate root) {
        return new Method(root).bytes();
    }

    private static boolean structural(EventPredicate p) {
        return p instanceof Nodes.And || p instanceof Nodes.Or || p instanceof Nodes.Not || p instanceof Nodes.Check
                || p instanceof Nodes.Exists;
    }

    /** Estimated bytecode size of a subtree inlined into one method (shared subtrees count once per use). */
    private static int estimate(EventPredicate p) {
        return switch (p) {
            case Nodes.And a -> memoCost(a) + sum(a.children);
            case Nodes.Or o -> memoCost(o) + sum(o.children);
            case Nodes.Not n -> estimate(n.child);
            case Nodes.Check c -> memoCost(c) + (c.rhs == null ? 50 : 65) + (scalar(c.lhs) ? 0 : 25);
            case Nodes.Exists x -> 15;
            default -> 10;
        };
    }

    private static int memoCost(Nodes.Memo m) {
        return m.ctx == null ? 0 : 45;
    }

    private static int sum(EventPredicate[] children) {
        int n = 5 * children.length;
        for (EventPredicate c : children) n += estimate(c);
        return n;
    }

    private static boolean scalar(Field f) {
        return f instanceof MemoField m && m.scalar();
    }

    /** One generated class: its constants (class data) and the code of its test method. */
    private static final class Method {
        private final EventPredicate root;
        private final List<Object> constants = new ArrayList<>();
        private final Map<Object, Integer> constantIndex = new IdentityHashMap<>();
        /** Local slot holding each context's stamp, read once at entry (no check changes it). */
        private final Map<EventContext, Integer> stampSlots = new IdentityHashMap<>();
        private CodeBuilder b;
        private int eventSlot;
        private int tempSlot;
        private int used;

        Method(EventPredicate root) {
            this.root = root;
        }

        EventPredicate define() {
            byte[] bytes = bytes(); // first: generating the code collects the constants
            return OneMethodClass.define(MethodHandles.lookup(), bytes, List.copyOf(constants), EventPredicate.class,
                    "a filter", "talon.filter.codegen");
        }

        byte[] bytes() {
            return OneMethodClass.build(CD_GENERATED, CD_PREDICATE, "test", MT_TEST, this::body);
        }

        private void body(CodeBuilder code) {
            b = code;
            eventSlot = code.parameterSlot(0);
            tempSlot = code.allocateLocal(TypeKind.INT);
            collectStamps(root);
            for (Map.Entry<EventContext, Integer> s : stampSlots.entrySet()) {
                constant(s.getKey(), CD_CONTEXT);
                b.invokevirtual(CD_CONTEXT, "stamp", MT_STAMP).lstore(s.getValue());
            }
            Label no = b.newLabel();
            jump(root, false, no);
            b.iconst_1().ireturn();
            b.labelBinding(no);
            b.iconst_0().ireturn();
        }

        private void collectStamps(EventPredicate p) {
            if (p instanceof Nodes.Memo m && m.ctx != null && !stampSlots.containsKey(m.ctx)) {
                stampSlots.put(m.ctx, b.allocateLocal(TypeKind.LONG));
            }
            switch (p) {
                case Nodes.And a -> { for (EventPredicate c : a.children) collectStamps(c); }
                case Nodes.Or o -> { for (EventPredicate c : o.children) collectStamps(c); }
                case Nodes.Not n -> collectStamps(n.child);
                default -> { }
            }
        }

        /** Loads a class-data constant; the JIT folds it, so calls on it are bound to its class. */
        private void constant(Object value, ClassDesc type) {
            Integer index = constantIndex.get(value);
            if (index == null) {
                index = constants.size();
                constants.add(value);
                constantIndex.put(value, index);
            }
            b.ldc(DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, type, index));
            used += 3;
        }

        /** Code that jumps to {@code target} when {@code p}'s result is {@code when}, else falls through. */
        private void jump(EventPredicate p, boolean when, Label target) {
            if (p instanceof Nodes.Not n) {
                jump(n.child, !when, target);
            } else if (p instanceof Nodes.Memo m && m.ctx == null && structural(m)) {
                structure(m, when, target);
            } else {
                value(p);
                branch(when, target);
            }
        }

        /** Jumps to {@code target} when the int on the stack is {@code when} (1 for true, 0 for false). */
        private void branch(boolean when, Label target) {
            if (when) b.ifne(target);
            else b.ifeq(target);
            used += 3;
        }

        /**
         * An and, or or check as branches, without its memo: an and (and a check) leaves on its first false
         * part, an or on its first true one; for the other result the code jumps from past that exit.
         */
        private void structure(Nodes.Memo m, boolean when, Label target) {
            boolean or = m instanceof Nodes.Or;
            if (when != or) {
                Label other = b.newLabel();
                structure(m, !when, other);
                b.goto_(target);
                b.labelBinding(other);
                used += 3;
                return;
            }
            switch (m) {
                case Nodes.And a -> children(a.children, false, target);
                case Nodes.Or o -> children(o.children, true, target);
                case Nodes.Check c -> check(c, target);
                default -> throw new AssertionError(m);
            }
        }

        /**
         * The children of an and ({@code when} false: leave on the first false one) or an or ({@code when}
         * true: on the first true one); past the budget the rest moves to a class of its own.
         */
        private void children(EventPredicate[] cs, boolean when, Label target) {
            for (int k = 0; k < cs.length; k++) {
                if (k > 0 && used + estimate(cs[k]) > BUDGET) {
                    EventPredicate[] rest = Arrays.copyOfRange(cs, k, cs.length);
                    test(new Method(when ? new Nodes.Or(rest, null) : new Nodes.And(rest, null)).define());
                    branch(when, target);
                    return;
                }
                jump(cs[k], when, target);
            }
        }

        /** Pushes the result of {@code p}'s test (a constant here, so a bound call). */
        private void test(EventPredicate p) {
            constant(p, CD_PREDICATE);
            b.aload(eventSlot).invokeinterface(CD_PREDICATE, "test", MT_TEST);
            used += 6;
        }

        /** Pushes the result (0 or 1) of a node {@link #jump} does not emit as branches: memoized, exists, leaf. */
        private void value(EventPredicate p) {
            switch (p) {
                case Nodes.Memo m when m.ctx != null -> memo(m);
                case Nodes.Exists x -> evalField(x.field);
                default -> test(p);
            }
        }

        /**
         * A node shared by several conditions: its result for the current event is taken from the node when
         * its stamp is the event's, else computed here (as branches) and stored in the node for the others.
         */
        private void memo(Nodes.Memo m) {
            int stamp = stampSlots.get(m.ctx);
            Label compute = b.newLabel();
            Label end = b.newLabel();
            constant(m, CD_MEMO);
            b.getfield(CD_MEMO, "stamp", ConstantDescs.CD_long).lload(stamp).lcmp().ifne(compute);
            constant(m, CD_MEMO);
            b.getfield(CD_MEMO, "value", ConstantDescs.CD_boolean).goto_(end);
            b.labelBinding(compute);
            Label no = b.newLabel();
            Label store = b.newLabel();
            structure(m, false, no);
            b.iconst_1().goto_(store);
            b.labelBinding(no);
            b.iconst_0();
            b.labelBinding(store);
            b.istore(tempSlot);
            constant(m, CD_MEMO);
            b.iload(tempSlot).putfield(CD_MEMO, "value", ConstantDescs.CD_boolean);
            constant(m, CD_MEMO);
            b.lload(stamp).putfield(CD_MEMO, "stamp", ConstantDescs.CD_long);
            b.iload(tempSlot);
            b.labelBinding(end);
            used += 30;
        }

        /** A check's own work: the field(s) must have a value, then any (or every) value must match. */
        private void check(Nodes.Check c, Label no) {
            evalField(c.lhs);
            b.ifeq(no);
            if (c.rhs != null) {
                evalField(c.rhs);
                b.ifeq(no);
            }
            if (scalar(c.lhs)) {
                match(c, () -> b.iconst_0());
                b.ifeq(no);
                used += 6;
                return;
            }
            int n = b.allocateLocal(TypeKind.INT);
            int i = b.allocateLocal(TypeKind.INT);
            constant(c.lhs, CD_FIELD);
            b.invokevirtual(CD_FIELD, "count", MT_COUNT).istore(n);
            b.iconst_0().istore(i);
            Label loop = b.newLabel();
            Label done = b.newLabel();
            b.labelBinding(loop);
            b.iload(i).iload(n).if_icmpge(c.all ? done : no);
            match(c, () -> b.iload(i));
            if (c.all) b.ifeq(no);
            else b.ifne(done);
            b.iinc(i, 1).goto_(loop);
            b.labelBinding(done);
            if (c.all) b.iload(n).ifle(no);
            used += 40;
        }

        /** Pushes whether value {@code index} of the check's field matches. */
        private void match(Nodes.Check c, Runnable index) {
            if (c.matcher instanceof Matchers.LastValue last) {
                constant(last, CD_LAST_VALUE);
                constant(last.inner, CD_MATCHER);
                constant(c.lhs, CD_FIELD);
                index.run();
                b.invokevirtual(CD_LAST_VALUE, "matchWith", MT_MATCH_WITH);
            } else {
                constant(c.matcher, CD_MATCHER);
                constant(c.lhs, CD_FIELD);
                index.run();
                b.invokeinterface(CD_MATCHER, "match", MT_MATCH);
            }
            used += 8;
        }

        /** Pushes whether the field has a value for the event (memoized fields: through their wrapped field). */
        private void evalField(Field f) {
            if (f instanceof MemoField m) {
                constant(m, CD_MEMO_FIELD);
                constant(m.inner(), CD_FIELD);
                b.aload(eventSlot).invokevirtual(CD_MEMO_FIELD, "evalWith", MT_EVAL_WITH);
            } else {
                constant(f, CD_FIELD);
                b.aload(eventSlot).invokevirtual(CD_FIELD, "eval", MT_EVAL);
            }
            used += 5;
        }
    }
}
