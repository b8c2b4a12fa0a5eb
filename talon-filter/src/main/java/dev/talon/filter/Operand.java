package dev.talon.filter;

import java.util.List;
import java.util.Objects;

/** The operands of checks: fields, transformers and values. Immutable, structurally equal. */
public sealed interface Operand permits Operand.FieldLike, Operand.Val, Operand.Literal,
        Operand.ListLiteral, Operand.ListRef, Operand.ArgList {

    SourcePos pos();

    /** What may stand on the left of an operator: a field or a transformer over fields. */
    sealed interface FieldLike extends Operand permits FieldRef, Transform {
    }

    /**
     * A field as written: {@code name} is the dotted name exactly as in the text (so
     * {@code evt.arg.flags} stays whole; {@link FieldCatalog#resolve} splits dotted arguments),
     * {@code argument} is the bracketed argument ({@code proc.aname[2]} → "2") or null.
     */
    record FieldRef(String name, String argument, SourcePos pos) implements FieldLike {
        public FieldRef {
            Objects.requireNonNull(name);
            Objects.requireNonNull(pos);
        }
    }

    /**
     * {@code tolower(proc.name)}, {@code join(",", proc.args)}...; {@code index} is an optional
     * trailing bracket argument ({@code getopt(proc.args)[c]}) or null.
     */
    record Transform(Transformer transformer, List<Operand> args, String index, SourcePos pos)
            implements FieldLike {
        public Transform {
            Objects.requireNonNull(transformer);
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException(transformer.token() + "() needs an argument");
            }
            for (Operand a : args) {
                if (a instanceof ListRef || a instanceof ListLiteral || a instanceof Val) {
                    throw new IllegalArgumentException("not a transformer argument: " + a);
                }
            }
            Objects.requireNonNull(pos);
        }
    }

    /** {@code val(field)} on the right-hand side: compare against another field's value. */
    record Val(FieldRef field, SourcePos pos) implements Operand {
        public Val {
            Objects.requireNonNull(field);
            Objects.requireNonNull(pos);
        }
    }

    /**
     * A constant: {@code text} is the unescaped value. {@code quoted} is kept only where quoting
     * changes meaning: a quoted value that looks like a field name ({@code 'proc.pname'}) stays a
     * string, while a bare one may be promoted to a field comparison by the {@link FilterChecker}.
     * For any other text the constructor normalises {@code quoted} to false, so
     * {@code fd.typechar='f'} and {@code fd.typechar=f} are equal ASTs.
     */
    record Literal(String text, boolean quoted, SourcePos pos) implements Operand {
        public Literal {
            Objects.requireNonNull(text);
            Objects.requireNonNull(pos);
            quoted = quoted && Lexer.looksLikeFieldName(text);
        }
    }

    /** {@code (a, b, "c d")}; may be empty. */
    record ListLiteral(List<Literal> items, SourcePos pos) implements Operand {
        public ListLiteral {
            items = List.copyOf(items);
            Objects.requireNonNull(pos);
        }
    }

    /** A list name used directly as the right-hand side of a list operator ({@code in my_list}). */
    record ListRef(String name, SourcePos pos) implements Operand {
        public ListRef {
            Objects.requireNonNull(name);
            Objects.requireNonNull(pos);
        }
    }

    /** A parenthesised argument tuple inside a transformer call. */
    record ArgList(List<Operand> items, SourcePos pos) implements Operand {
        public ArgList {
            items = List.copyOf(items);
            Objects.requireNonNull(pos);
        }
    }
}
