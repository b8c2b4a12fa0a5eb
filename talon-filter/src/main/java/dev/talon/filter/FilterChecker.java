package dev.talon.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates a condition AST against a {@link FieldCatalog}: unknown fields, operators the field
 * type does not support (libsinsp's comparability table, plus {@code regex} for strings), missing
 * or unexpected arguments, transformer misuse, malformed values (numbers, booleans, IPs, hex
 * bytes) and regexes RE2 rejects.
 *
 * <p>It also performs the one rewrite the language defines at compile time: a bare (unquoted)
 * right-hand value that names a known field, under an operator that accepts a field, becomes a
 * field-to-field comparison, with the warning {@code '<v>' may be a valid field misused as a const
 * string value}. The rewritten AST is {@link Result#expr()}.
 */
public final class FilterChecker {
    private final FieldCatalog catalog;

    public FilterChecker(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** Outcome of a check: the (possibly rewritten) AST and the problems found, in text order. */
    public record Result(Expr expr, List<FilterProblem> errors, List<FilterProblem> warnings) {
        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result check(Expr expr) {
        Run run = new Run();
        Expr out = run.expr(expr);
        return new Result(out, run.errors, run.warnings);
    }

    /** Type of a field-like operand after transformers, or null if unknown (already reported). */
    private record Typed(FieldType type, boolean list) {
    }

    private final class Run {
        final List<FilterProblem> errors = new ArrayList<>();
        final List<FilterProblem> warnings = new ArrayList<>();

        void error(FilterProblem.Code code, SourcePos pos, String msg) {
            errors.add(new FilterProblem(FilterProblem.Severity.ERROR, code, pos, msg));
        }

        void warn(FilterProblem.Code code, SourcePos pos, String msg) {
            warnings.add(new FilterProblem(FilterProblem.Severity.WARNING, code, pos, msg));
        }

        Expr expr(Expr e) {
            return switch (e) {
                case Expr.And a -> new Expr.And(a.children().stream().map(this::expr).toList(), a.pos());
                case Expr.Or o -> new Expr.Or(o.children().stream().map(this::expr).toList(), o.pos());
                case Expr.Not n -> new Expr.Not(expr(n.child()), n.pos());
                case Expr.MacroRef m -> {
                    error(FilterProblem.Code.UNDEFINED_MACRO, m.pos(), "Undefined macro '" + m.name() + "' used in filter.");
                    yield m;
                }
                case Expr.UnaryCheck u -> {
                    fieldLike(u.lhs(), false);
                    yield u;
                }
                case Expr.BinaryCheck b -> binary(b);
            };
        }

        Expr binary(Expr.BinaryCheck b) {
            Typed lhs = fieldLike(b.lhs(), false);
            Operand rhs = b.rhs();
            if (rhs instanceof Operand.Literal lit && !lit.quoted() && b.modifier() == ListModifier.NONE
                    && b.op().kind() != Operator.Kind.LIST && Lexer.looksLikeFieldName(lit.text())
                    && catalog.resolve(lit.text(), null).isPresent()) {
                warn(FilterProblem.Code.FIELD_AS_VALUE, lit.pos(),
                        "'" + lit.text() + "' may be a valid field misused as a const string value");
                rhs = new Operand.FieldRef(lit.text(), null, lit.pos());
            }
            if (lhs != null) {
                String bad = incompatibility(b.op(), lhs.type(), lhs.list());
                if (bad != null) {
                    error(FilterProblem.Code.INVALID_OPERATOR, b.pos(), bad);
                }
            }
            switch (rhs) {
                case Operand.Val v -> fieldLike(v.field(), true);
                case Operand.FieldRef f -> fieldLike(f, true);
                case Operand.Transform t -> fieldLike(t, true);
                case Operand.Literal l -> value(b, lhs, l);
                case Operand.ListLiteral l -> l.items().forEach(i -> value(b, lhs, i));
                case Operand.ListRef r -> { }
                case Operand.ArgList a -> throw new IllegalStateException("ArgList as check operand");
            }
            return rhs == b.rhs() ? b : new Expr.BinaryCheck(b.lhs(), b.op(), b.modifier(), rhs, b.pos());
        }

        void value(Expr.BinaryCheck b, Typed lhs, Operand.Literal l) {
            String v = l.text();
            if (v.equals("<NA>")) {
                warn(FilterProblem.Code.UNSAFE_NA_CHECK, l.pos(),
                        "comparing with '<NA>' only matches fields that literally return that placeholder");
            }
            if (b.op() == Operator.REGEX) {
                try {
                    Pattern.compile(v);
                } catch (PatternSyntaxException e) {
                    error(FilterProblem.Code.INVALID_REGEX, l.pos(), "invalid regex '" + v + "': " + e.getMessage());
                }
                return;
            }
            if (b.op() == Operator.BCONTAINS || b.op() == Operator.BSTARTSWITH) {
                if (!isHexBytes(v)) {
                    error(FilterProblem.Code.INVALID_VALUE, l.pos(),
                            "'" + b.op().token() + "' needs an even-length hex string, got '" + v + "'");
                }
                return;
            }
            if (lhs == null || lhs.list() || b.op() == Operator.PMATCH) {
                return;
            }
            FieldType t = lhs.type();
            if (t.isNumeric() && !isNumber(v)) {
                error(FilterProblem.Code.INVALID_VALUE, l.pos(), "'" + v + "' is not a valid number");
            } else if (t == FieldType.BOOL && !isBool(v)) {
                error(FilterProblem.Code.INVALID_VALUE, l.pos(), "'" + v + "' is not a valid boolean (true/false)");
            } else if (t.isIp() && !IpSyntax.isAddressOrNetwork(v)) {
                error(FilterProblem.Code.INVALID_VALUE, l.pos(), "'" + v + "' is not a valid IP address or network");
            }
        }

        /** Checks a field or transformer; returns its type, or null when the field is unknown. */
        Typed fieldLike(Operand o, boolean rhs) {
            return switch (o) {
                case Operand.FieldRef f -> field(f, rhs, false);
                case Operand.Transform t -> transform(t, rhs);
                default -> null;
            };
        }

        Typed field(Operand.FieldRef f, boolean rhs, boolean inTransformer) {
            var resolved = catalog.resolve(f);
            if (resolved.isEmpty()) {
                String shown = f.argument() == null ? f.name() : f.name() + "[" + f.argument() + "]";
                error(FilterProblem.Code.UNKNOWN_FIELD, f.pos(), "filter_check called with nonexistent field " + shown);
                return null;
            }
            FieldInfo info = resolved.get().field();
            String arg = resolved.get().argument();
            if (info.argument() == ArgumentMode.REQUIRED && (arg == null || arg.isEmpty())) {
                error(FilterProblem.Code.MISSING_ARGUMENT, f.pos(), "field '" + info.name() + "' requires an argument"
                        + (info.argumentDescription().isEmpty() ? "" : " (" + info.argumentDescription() + ")"));
            } else if (info.argument() == ArgumentMode.NONE && arg != null) {
                error(FilterProblem.Code.INVALID_ARGUMENT, f.pos(), "field '" + info.name() + "' does not accept an argument");
            } else if (arg != null && info.argumentDescription().startsWith("ancestor level N") && !isLevel(arg)) {
                error(FilterProblem.Code.INVALID_ARGUMENT, f.pos(),
                        "field '" + info.name() + "' argument must be an ancestor level (a non-negative integer), got '" + arg + "'");
            }
            if (info.has(FieldFlag.PRINT_ONLY)) {
                error(FilterProblem.Code.INVALID_FIELD_USE, f.pos(), "field '" + info.name() + "' can only be used in output formats, not in filters");
            }
            if (rhs && info.has(FieldFlag.NO_RHS_FIELD)) {
                error(FilterProblem.Code.INVALID_FIELD_USE, f.pos(), "field '" + info.name() + "' cannot be used as a right-hand side field");
            }
            if (inTransformer && info.has(FieldFlag.NO_TRANSFORMER)) {
                error(FilterProblem.Code.INVALID_TRANSFORMER, f.pos(), "field '" + info.name() + "' does not support transformers");
            }
            if (info.has(FieldFlag.DEPRECATED)) {
                warn(FilterProblem.Code.DEPRECATED_FIELD, f.pos(), "field '" + info.name() + "' is deprecated");
            }
            // an index argument selects one element of a list field
            return new Typed(info.type(), info.has(FieldFlag.LIST) && arg == null);
        }

        Typed transform(Operand.Transform t, boolean rhs) {
            Transformer tr = t.transformer();
            int n = t.args().size();
            if (n < tr.minArgs() || n > tr.maxArgs()) {
                String want = tr.minArgs() == tr.maxArgs() ? String.valueOf(tr.minArgs()) : "at least " + tr.minArgs();
                error(FilterProblem.Code.INVALID_TRANSFORMER, t.pos(),
                        "transformer '" + tr.token() + "' takes " + want + " argument(s), got " + n);
            }
            boolean allKnown = true;
            List<Typed> argTypes = new ArrayList<>();
            for (Operand a : t.args()) {
                Typed at = switch (a) {
                    case Operand.FieldRef f -> field(f, rhs, true);
                    case Operand.Transform inner -> transform(inner, rhs);
                    default -> new Typed(FieldType.CHARBUF, false);
                };
                allKnown &= at != null;
                argTypes.add(at);
            }
            boolean fieldArgRequired = switch (tr) {
                case TOLOWER, TOUPPER, B64, BASENAME, LEN, GETOPT -> true;
                case JOIN, CONCAT -> false;
            };
            if (fieldArgRequired && !(t.args().getFirst() instanceof Operand.FieldLike)) {
                error(FilterProblem.Code.INVALID_TRANSFORMER, t.pos(), "transformer '" + tr.token() + "' needs a field argument");
            }
            if (allKnown && (tr == Transformer.TOLOWER || tr == Transformer.TOUPPER || tr == Transformer.B64
                    || tr == Transformer.BASENAME)) {
                Typed in = argTypes.getFirst();
                if (!in.type().isString() && in.type() != FieldType.BYTEBUF && in.type() != FieldType.DYN) {
                    error(FilterProblem.Code.INVALID_TRANSFORMER, t.pos(),
                            "transformer '" + tr.token() + "' is not supported on type '" + in.type() + "'");
                }
            }
            if (!allKnown) {
                return null;
            }
            return switch (tr) {
                case LEN -> new Typed(FieldType.UINT64, false);
                case B64 -> new Typed(FieldType.BYTEBUF, argTypes.getFirst().list());
                case TOLOWER, TOUPPER, BASENAME -> new Typed(FieldType.CHARBUF, argTypes.getFirst().list());
                case JOIN, CONCAT, GETOPT -> new Typed(FieldType.CHARBUF, false);
            };
        }
    }

    /**
     * Why {@code op} cannot compare a value of type {@code t} (list-valued when {@code list}), in
     * libsinsp's wording; null if it can.
     */
    static String incompatibility(Operator op, FieldType t, boolean list) {
        if (op == Operator.EXISTS || t == FieldType.DYN) {
            return null;
        }
        String name = op.token();
        if (list) {
            return switch (op) {
                case IN, INTERSECTS -> null;
                default -> "'" + name + "' operator not supported list filters";
            };
        }
        if (t.isNumeric()) {
            return switch (op) {
                case EQ, EQ_EQ, NE, LT, LE, GT, GE, IN, INTERSECTS -> null;
                default -> "'" + name + "' operator not supported for numeric filters";
            };
        }
        if (t == FieldType.BOOL) {
            return switch (op) {
                case EQ, EQ_EQ, NE, IN, INTERSECTS -> null;
                default -> "'" + name + "' operator not supported for numeric filters";
            };
        }
        if (t.isIp()) {
            return switch (op) {
                case EQ, EQ_EQ, NE, IN, INTERSECTS -> null;
                default -> "'" + name + "' operator not supported for ip address and network filters";
            };
        }
        if (t.isString()) {
            return switch (op) {
                case BCONTAINS, BSTARTSWITH -> "'" + name + "' operator not supported for string filters";
                default -> null;
            };
        }
        if (t == FieldType.BYTEBUF) {
            return switch (op) {
                case EQ, EQ_EQ, NE, CONTAINS, IN, STARTSWITH, ENDSWITH, INTERSECTS, BCONTAINS, BSTARTSWITH -> null;
                default -> "'" + name + "' operator not supported for buffer filters";
            };
        }
        return "'" + name + "' operator not supported for type '" + t + "'";
    }

    private static boolean isLevel(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isNumber(String s) {
        return Lexer.isNumber(s);
    }

    private static boolean isBool(String s) {
        return s.equals("true") || s.equals("false");
    }

    private static boolean isHexBytes(String s) {
        if (s.isEmpty() || s.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
