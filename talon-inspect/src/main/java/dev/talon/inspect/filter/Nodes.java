package dev.talon.inspect.filter;

import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.field.Field;

/**
 * The boolean structure of a compiled filter: and/or/not over checks.
 *
 * <p>A node built with an {@link EventContext} (a sharing {@link FilterCompiler}) keeps its result for the
 * current event ({@link EventContext#stamp()}): the same node is then part of many rules' conditions and is
 * computed once per event. The memo is inline in each node, not a wrapper, so sharing costs no extra call.
 */
final class Nodes {
    private Nodes() {}

    /** Result memo for the current event; {@code ctx == null} means no memo (a filter used once per event). */
    abstract static class Memo implements EventPredicate {
        final EventContext ctx;
        long stamp = -1;
        boolean value;

        Memo(EventContext ctx) {
            this.ctx = ctx;
        }
    }

    static final class And extends Memo {
        final EventPredicate[] children;

        And(EventPredicate[] children, EventContext ctx) {
            super(ctx);
            this.children = children;
        }

        @Override
        public boolean test(EventView e) {
            if (ctx == null) return eval(e);
            long s = ctx.stamp();
            if (s != stamp) {
                value = eval(e);
                stamp = s;
            }
            return value;
        }

        private boolean eval(EventView e) {
            for (EventPredicate c : children) if (!c.test(e)) return false;
            return true;
        }
    }

    static final class Or extends Memo {
        final EventPredicate[] children;

        Or(EventPredicate[] children, EventContext ctx) {
            super(ctx);
            this.children = children;
        }

        @Override
        public boolean test(EventView e) {
            if (ctx == null) return eval(e);
            long s = ctx.stamp();
            if (s != stamp) {
                value = eval(e);
                stamp = s;
            }
            return value;
        }

        private boolean eval(EventView e) {
            for (EventPredicate c : children) if (c.test(e)) return true;
            return false;
        }
    }

    /** {@code not child}: never memoized itself (its child is), a negation costs less than a memo. */
    static final class Not implements EventPredicate {
        final EventPredicate child;

        Not(EventPredicate child) {
            this.child = child;
        }

        @Override
        public boolean test(EventView e) {
            return !child.test(e);
        }
    }

    /** {@code field exists}: the field itself is memoized by the compiler. */
    static final class Exists implements EventPredicate {
        final Field field;

        Exists(Field field) {
            this.field = field;
        }

        @Override
        public boolean test(EventView e) {
            return field.eval(e);
        }
    }

    /**
     * {@code field op value(s)}: false when the field has no value (for every operator, != included); for a
     * list-valued field true when the matcher holds for any value (all values with {@code allof}).
     */
    static final class Check extends Memo {
        final Field lhs;
        final Field rhs;
        final Matchers.Matcher matcher;
        final boolean all;

        Check(Field lhs, Field rhs, Matchers.Matcher matcher, boolean all, EventContext ctx) {
            super(ctx);
            this.lhs = lhs;
            this.rhs = rhs;
            this.matcher = matcher;
            this.all = all;
        }

        @Override
        public boolean test(EventView e) {
            if (ctx == null) return eval(e);
            long s = ctx.stamp();
            if (s != stamp) {
                value = eval(e);
                stamp = s;
            }
            return value;
        }

        private boolean eval(EventView e) {
            if (!lhs.eval(e)) return false;
            if (rhs != null && !rhs.eval(e)) return false;
            int n = lhs.count();
            if (all) {
                for (int i = 0; i < n; i++) if (!matcher.match(lhs, i)) return false;
                return n > 0;
            }
            for (int i = 0; i < n; i++) if (matcher.match(lhs, i)) return true;
            return false;
        }
    }

    /** {@code evt.type = open} and friends: a per-event-type table computed at compile time. */
    static final class TypeTable implements EventPredicate {
        private final boolean[] byType;
        private final EventPredicate fallback;

        TypeTable(boolean[] byType, EventPredicate fallback) {
            this.byType = byType;
            this.fallback = fallback;
        }

        @Override
        public boolean test(EventView e) {
            int t = e.type();
            // generic syscall events (types 0/1) name their syscall in a parameter: check those by name
            if (t <= 1 || t >= byType.length) return fallback.test(e);
            return byType[t];
        }
    }
}
