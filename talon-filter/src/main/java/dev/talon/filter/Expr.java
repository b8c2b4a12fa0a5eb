package dev.talon.filter;

import java.util.List;
import java.util.Objects;

/**
 * A node of a parsed condition (boolean level). Immutable; equality is structural (positions are
 * ignored, see {@link SourcePos}).
 */
public sealed interface Expr permits Expr.And, Expr.Or, Expr.Not, Expr.MacroRef, Expr.UnaryCheck,
        Expr.BinaryCheck {

    /** Where the node starts in its condition text. */
    SourcePos pos();

    /** {@code a and b and c}: two or more children, evaluated left to right. */
    record And(List<Expr> children, SourcePos pos) implements Expr {
        public And {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException("'and' needs at least two operands");
            }
            Objects.requireNonNull(pos);
        }
    }

    /** {@code a or b or c}: two or more children, evaluated left to right. */
    record Or(List<Expr> children, SourcePos pos) implements Expr {
        public Or {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException("'or' needs at least two operands");
            }
            Objects.requireNonNull(pos);
        }
    }

    /** {@code not child}. */
    record Not(Expr child, SourcePos pos) implements Expr {
        public Not {
            Objects.requireNonNull(child);
            Objects.requireNonNull(pos);
        }
    }

    /** A bare identifier in check position: a macro reference, left for the rules loader to expand. */
    record MacroRef(String name, SourcePos pos) implements Expr {
        public MacroRef {
            Objects.requireNonNull(name);
            Objects.requireNonNull(pos);
        }
    }

    /** {@code field exists}. */
    record UnaryCheck(Operand.FieldLike lhs, Operator op, SourcePos pos) implements Expr {
        public UnaryCheck {
            Objects.requireNonNull(lhs);
            if (op.kind() != Operator.Kind.UNARY) {
                throw new IllegalArgumentException("not a unary operator: " + op.token());
            }
            Objects.requireNonNull(pos);
        }
    }

    /**
     * {@code lhs op [modifier] rhs}. The right-hand side is a {@link Operand.Literal},
     * {@link Operand.ListLiteral}, {@link Operand.ListRef}, {@link Operand.Val},
     * {@link Operand.Transform} or (after field promotion by the checker) a {@link Operand.FieldRef}.
     */
    record BinaryCheck(Operand.FieldLike lhs, Operator op, ListModifier modifier, Operand rhs, SourcePos pos)
            implements Expr {
        public BinaryCheck {
            Objects.requireNonNull(lhs);
            Objects.requireNonNull(rhs);
            Objects.requireNonNull(pos);
            Objects.requireNonNull(modifier);
            if (op.kind() == Operator.Kind.UNARY) {
                throw new IllegalArgumentException("unary operator in a binary check: " + op.token());
            }
            if (modifier != ListModifier.NONE && op.kind() != Operator.Kind.STRING) {
                throw new IllegalArgumentException(modifier.token() + " only follows a string operator");
            }
            if (rhs instanceof Operand.ArgList) {
                throw new IllegalArgumentException("an argument list is not a check operand");
            }
        }

        public BinaryCheck(Operand.FieldLike lhs, Operator op, Operand rhs, SourcePos pos) {
            this(lhs, op, ListModifier.NONE, rhs, pos);
        }
    }
}
