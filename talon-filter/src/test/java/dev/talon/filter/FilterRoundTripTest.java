package dev.talon.filter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Print → parse gives back the same AST, for generated ASTs of every node kind. */
class FilterRoundTripTest {
    private static final SourcePos P = SourcePos.NONE;
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not");

    @Property(tries = 600)
    void printThenParseIsIdentity(@ForAll("exprs") Expr e) throws FilterSyntaxException {
        String printed = FilterPrinter.print(e);
        assertThat(FilterParser.parse(printed)).as(printed).isEqualTo(e);
    }

    /** Random token soup: the parser either fails with a typed error or round-trips. */
    @Property(tries = 3000)
    void arbitraryInputParsesOrFailsCleanly(@ForAll("soup") String input) {
        Expr e;
        try {
            e = FilterParser.parse(input);
        } catch (FilterSyntaxException expected) {
            assertThat(expected.column()).isBetween(1, input.length() + 1);
            assertThat(expected.caretLine()).contains("^");
            return;
        }
        String printed = FilterPrinter.print(e);
        try {
            assertThat(FilterParser.parse(printed)).as(input + " -> " + printed).isEqualTo(e);
        } catch (FilterSyntaxException ex) {
            throw new AssertionError("printed form does not parse: " + input + " -> " + printed, ex);
        }
        new FilterChecker(FieldCatalog.standard()).check(e);
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> token = Arbitraries.of("proc.name", "fd.num", "evt.arg.flags", "proc.aname", "[", "]", "2",
                "(", ")", ",", " ", " ", "\n", "and", "or", "not", "=", "==", "!=", "<", ">=", "in", "intersects",
                "contains", "startswith", "oneof", "exists", "glob", "val(", "tolower(", "len(", "join(", "\"",
                "'", "\\", "x", "a b", "-1", "0x1f", "1e+5", "my_macro", "/usr/bin", "<NA>", "\t", "pmatch", "regex");
        return token.list().ofMaxSize(14).map(l -> String.join("", l).replace("\\n", "\n").replace("\\t", "\t"));
    }

    @Provide
    Arbitrary<Expr> exprs() {
        return expr(4);
    }

    private Arbitrary<Expr> expr(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, identifier().map(n -> (Expr) new Expr.MacroRef(n, P))),
                net.jqwik.api.Tuple.of(1, fieldLike(2).map(f -> (Expr) new Expr.UnaryCheck(f, Operator.EXISTS, P))),
                net.jqwik.api.Tuple.of(6, binary()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(1, sub.map(c -> (Expr) new Expr.Not(c, P))),
                net.jqwik.api.Tuple.of(2, sub.list().ofMinSize(2).ofMaxSize(3).map(l -> (Expr) new Expr.And(l, P))),
                net.jqwik.api.Tuple.of(2, sub.list().ofMinSize(2).ofMaxSize(3).map(l -> (Expr) new Expr.Or(l, P))));
    }

    private Arbitrary<Expr> binary() {
        Arbitrary<Operator> ops = Arbitraries.of(Operator.values()).filter(o -> o != Operator.EXISTS);
        return Combinators.combine(fieldLike(2), ops, Arbitraries.integers().between(0, 9)).flatAs((lhs, op, pick) ->
                switch (op.kind()) {
                    case NUMERIC -> Arbitraries.oneOf(number(), fieldValue())
                            .map(r -> (Expr) new Expr.BinaryCheck(lhs, op, r, P));
                    case STRING -> pick < 2
                            ? Combinators.combine(Arbitraries.of(ListModifier.ONEOF, ListModifier.ANYOF, ListModifier.ALLOF), listValue())
                                    .as((m, r) -> (Expr) new Expr.BinaryCheck(lhs, op, m, r, P))
                            : Arbitraries.oneOf(literal(), literal(), fieldValue())
                                    .map(r -> (Expr) new Expr.BinaryCheck(lhs, op, r, P));
                    case LIST -> Arbitraries.oneOf(listValue(), fieldValue())
                            .map(r -> (Expr) new Expr.BinaryCheck(lhs, op, r, P));
                    case UNARY -> throw new IllegalStateException();
                });
    }

    private Arbitrary<String> identifier() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').ofLength(1),
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_').ofMaxLength(6))
                .as(String::concat).filter(s -> !KEYWORDS.contains(s));
    }

    private Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019_./-*?<>[]!:+").ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withChars("ab ()=,\"'\\\t\n\u0001\u00e9\u4e2d").ofMaxLength(6),
                Arbitraries.of("oneof", "anyof", "proc.name", "evt.arg.flags", "a.b", "val(x)", "tolower(x)", "-1", "0x1f"));
    }

    private Arbitrary<Operand.Literal> literal() {
        return Combinators.combine(text(), Arbitraries.of(true, false)).as((t, q) ->
                new Operand.Literal(t, q, P));
    }

    private Arbitrary<Operand> number() {
        return Arbitraries.of("0", "-1", "+7", "1.5", "2e+10", "0x1F", "123456789012")
                .map(n -> new Operand.Literal(n, false, P));
    }

    private Arbitrary<Operand.FieldRef> field() {
        Arbitrary<String> name = identifier().list().ofMinSize(2).ofMaxSize(3).map(l -> String.join(".", l));
        Arbitrary<String> arg = Arbitraries.oneOf(
                Arbitraries.just((String) null), Arbitraries.just((String) null),
                Arbitraries.strings().withChars("0123abc/._-").ofMinLength(1).ofMaxLength(5),
                Arbitraries.strings().withChars("a ]['\"\\").ofMaxLength(4));
        return Combinators.combine(name, arg).as((n, a) -> new Operand.FieldRef(n, a, P));
    }

    private Arbitrary<Operand.FieldLike> fieldLike(int depth) {
        if (depth == 0) {
            return field().map(f -> f);
        }
        Arbitrary<Operand.FieldLike> unary = Combinators.combine(
                        Arbitraries.of(Transformer.TOLOWER, Transformer.TOUPPER, Transformer.B64, Transformer.BASENAME, Transformer.LEN),
                        Arbitraries.lazy(() -> fieldLike(depth - 1)))
                .as((t, f) -> new Operand.Transform(t, List.of(f), null, P));
        Arbitrary<Operand.FieldLike> join = Combinators.combine(literal(), field().list().ofMinSize(1).ofMaxSize(2))
                .as((sep, fs) -> {
                    List<Operand> args = new java.util.ArrayList<>();
                    args.add(new Operand.Literal(sep.text(), true, P));
                    args.addAll(fs);
                    return new Operand.Transform(Transformer.JOIN, args, null, P);
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, field().map(f -> f)),
                net.jqwik.api.Tuple.of(2, unary),
                net.jqwik.api.Tuple.of(1, join));
    }

    private Arbitrary<Operand> fieldValue() {
        return Arbitraries.oneOf(field().map(f -> new Operand.Val(f, P)), fieldLike(1).filter(f -> f instanceof Operand.Transform).map(f -> f));
    }

    private Arbitrary<Operand> listValue() {
        return Arbitraries.oneOf(
                literal().list().ofMaxSize(4).map(l -> new Operand.ListLiteral(l, P)),
                identifier().map(n -> new Operand.ListRef(n, P)));
    }
}
