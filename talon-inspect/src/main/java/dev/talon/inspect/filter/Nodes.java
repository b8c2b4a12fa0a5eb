package dev.talon.inspect.filter;

import dev.talon.event.EventView;
import dev.talon.inspect.field.Field;

/** The boolean structure of a compiled filter: and/or/not over checks. */
final class Nodes {
    private Nodes() {}

    static final class And implements EventPredicate {
        private final EventPredicate[] children;

        And(EventPredicate[] children) {
            this.children = children;
        }

        @Override
        public boolean test(EventView e) {
            for (EventPredicate c : children) if (!c.test(e)) return false;
            return true;
        }
    }

    static final class Or implements EventPredicate {
        private final EventPredicate[] children;

        Or(EventPredicate[] children) {
            this.children = children;
        }

        @Override
        public boolean test(EventView e) {
            for (EventPredicate c : children) if (c.test(e)) return true;
            return false;
        }
    }

    static final class Not implements EventPredicate {
        private final EventPredicate child;

        Not(EventPredicate child) {
            this.child = child;
        }

        @Override
        public boolean test(EventView e) {
            return !child.test(e);
        }
    }

    /** {@code field exists}. */
    static final class Exists implements EventPredicate {
        private final Field field;

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
    static final class Check implements EventPredicate {
        private final Field lhs;
        private final Field rhs;
        private final Matchers.Matcher matcher;
        private final boolean all;

        Check(Field lhs, Field rhs, Matchers.Matcher matcher, boolean all) {
            this.lhs = lhs;
            this.rhs = rhs;
            this.matcher = matcher;
            this.all = all;
        }

        @Override
        public boolean test(EventView e) {
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
