package dev.talon.cli;

import dev.talon.filter.Expr;
import dev.talon.filter.FilterParser;
import dev.talon.filter.FilterSyntaxException;
import dev.talon.filter.ListModifier;
import dev.talon.filter.Operand;
import dev.talon.filter.Operator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The syscalls a live capture must ask the probe for, derived from the filter like Falco derives
 * its syscall set from the rules' event types: {@code evt.type = X}/{@code in (...)} select X,
 * {@code !=} the complement, {@code and} intersects, {@code or} unites, {@code not} is pushed down to
 * the leaves; any other check selects everything. A filter that does not narrow {@code evt.type}
 * captures every syscall.
 *
 * <p>A narrowed selection also gets the process-lifecycle syscalls (clone, fork, execve, ...) and those
 * that change a process's cwd or credentials, which are rare but keep proc.* and user.* fields right for
 * the selected events. File-descriptor syscalls are not added: a narrow capture trades fd names of
 * descriptors opened during the capture for cost, which is what makes a narrow selection almost free
 * for I/O-heavy processes.
 */
final class SyscallSelection {
    static final Set<String> PROCESS_LIFECYCLE = Set.of("clone", "clone3", "fork", "vfork", "execve", "execveat");
    /**
     * The other syscalls whose events change proc.* and user.* fields in the state (the working directory,
     * credentials, session): as rare as the lifecycle ones, and without them a process that runs
     * {@code cd /dev/shm} and then execs keeps the cwd it had when the capture started.
     */
    static final Set<String> PROCESS_STATE = Set.of("chdir", "fchdir", "setsid", "setuid", "setreuid", "setresuid",
            "setgid", "setregid", "setresgid");

    private SyscallSelection() {
    }

    /**
     * The syscalls to capture for {@code filter} out of {@code known} (the probe's syscall names), or
     * {@code known} itself when the filter does not narrow the event type.
     */
    static Set<String> of(String filter, Set<String> known) throws FilterSyntaxException {
        if (filter == null || filter.isBlank()) {
            return known;
        }
        Set<String> s = eval(FilterParser.parse(filter, "filter"), false, known);
        if (s.containsAll(known)) {
            return known;
        }
        Set<String> out = new TreeSet<>(s);
        for (Set<String> always : List.of(PROCESS_LIFECYCLE, PROCESS_STATE)) {
            for (String p : always) {
                if (known.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Set<String> eval(Expr e, boolean negated, Set<String> all) {
        return switch (e) {
            case Expr.And a -> combine(a.children(), !negated, negated, all);
            case Expr.Or o -> combine(o.children(), negated, negated, all);
            case Expr.Not n -> eval(n.child(), !negated, all);
            case Expr.BinaryCheck b -> leaf(b, negated, all);
            case Expr.UnaryCheck u -> all;
            case Expr.MacroRef m -> all;
        };
    }

    private static Set<String> combine(List<Expr> children, boolean intersect, boolean negated, Set<String> all) {
        Set<String> acc = null;
        for (Expr c : children) {
            Set<String> s = eval(c, negated, all);
            if (acc == null) {
                acc = new HashSet<>(s);
            } else if (intersect) {
                acc.retainAll(s);
            } else {
                acc.addAll(s);
            }
        }
        return acc;
    }

    private static Set<String> leaf(Expr.BinaryCheck b, boolean negated, Set<String> all) {
        if (!(b.lhs() instanceof Operand.FieldRef f) || f.argument() != null || !f.name().equals("evt.type")
                || b.modifier() != ListModifier.NONE) {
            return all;
        }
        Set<String> names = new HashSet<>();
        if ((b.op().isEquality() || b.op() == Operator.NE) && b.rhs() instanceof Operand.Literal l) {
            names.add(l.text());
        } else if (b.op() == Operator.IN && b.rhs() instanceof Operand.ListLiteral l) {
            l.items().forEach(i -> names.add(i.text()));
        } else {
            return all;
        }
        names.retainAll(all); // procexit, switch...: not syscalls, the probe reports them regardless
        boolean complement = (b.op() == Operator.NE) != negated;
        if (complement) {
            Set<String> rest = new HashSet<>(all);
            rest.removeAll(names);
            return rest;
        }
        return names;
    }
}
