package dev.talon.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterParserTest {

    static String canon(String condition) throws FilterSyntaxException {
        return FilterPrinter.print(FilterParser.parse(condition));
    }

    static Stream<Arguments> canonicalForms() {
        return Stream.of(
                Arguments.of("evt.type=open", "evt.type = open"),
                Arguments.of("  evt.type = open  ", "evt.type = open"),
                Arguments.of("evt.type==open", "evt.type == open"),
                Arguments.of("a and b or c", "((a and b) or c)"),
                Arguments.of("a or b and c", "(a or (b and c))"),
                Arguments.of("not a and b", "(not a and b)"),
                Arguments.of("not (a and b)", "not (a and b)"),
                Arguments.of("not(a)", "not a"),
                Arguments.of("not not a", "not not a"),
                Arguments.of("a and (b or c) and d", "(a and (b or c) and d)"),
                Arguments.of("((a))", "a"),
                Arguments.of("a or b or c", "(a or b or c)"),
                Arguments.of("a and(b)", "(a and b)"),
                Arguments.of("proc.name in (ash, bash, \"sh -c x\")", "proc.name in (ash, bash, \"sh -c x\")"),
                Arguments.of("proc.name in(a,b)", "proc.name in (a, b)"),
                Arguments.of("proc.name in ()", "proc.name in ()"),
                Arguments.of("proc.name in shell_binaries", "proc.name in shell_binaries"),
                Arguments.of("proc.aname[2]=sshd", "proc.aname[2] = sshd"),
                Arguments.of("proc.env[\"MY VAR\"] exists", "proc.env[\"MY VAR\"] exists"),
                Arguments.of("container.mount.dest[/var/run/docker.sock] exists",
                        "container.mount.dest[/var/run/docker.sock] exists"),
                Arguments.of("evt.arg.flags contains O_TRUNC", "evt.arg.flags contains O_TRUNC"),
                Arguments.of("evt.arg[0] = 3", "evt.arg[0] = 3"),
                Arguments.of("evt.dir=<", "evt.dir = <"),
                Arguments.of("fd.typechar='f'", "fd.typechar = f"),
                Arguments.of("fd.num>=0", "fd.num >= 0"),
                Arguments.of("fd.num=-1", "fd.num = -1"),
                Arguments.of("evt.rawres < 0x10", "evt.rawres < 0x10"),
                Arguments.of("evt.rawres <= 1.5e+3", "evt.rawres <= 1.5e+3"),
                Arguments.of("proc.name = val(proc.pname)", "proc.name = val(proc.pname)"),
                Arguments.of("proc.name = proc.pname", "proc.name = proc.pname"),
                Arguments.of("proc.name = 'proc.pname'", "proc.name = \"proc.pname\""),
                Arguments.of("tolower(proc.name) = bash", "tolower(proc.name) = bash"),
                Arguments.of("toupper(basename(proc.exe)) = BASH", "toupper(basename(proc.exe)) = BASH"),
                Arguments.of("len(proc.args) > 3", "len(proc.args) > 3"),
                Arguments.of("proc.name = tolower(proc.pname)", "proc.name = tolower(proc.pname)"),
                Arguments.of("join(\",\", proc.name, proc.pname) = \"a,b\"", "join(\",\", proc.name, proc.pname) = \"a,b\""),
                Arguments.of("fd.name startswith oneof (/etc, /usr)", "fd.name startswith oneof (/etc, /usr)"),
                Arguments.of("proc.args contains \"\\ \"", "proc.args contains \"\\\\ \""),
                Arguments.of("proc.args endswith \\", "proc.args endswith \\"),
                Arguments.of("proc.name = \"a\\\"b\"", "proc.name = \"a\\\"b\""),
                Arguments.of("proc.name = 'it''s'", null),
                Arguments.of("proc.name\n=\tbash\r\nand\nx", "(proc.name = bash and x)"),
                Arguments.of("evt.buffer bcontains cafebabe", "evt.buffer bcontains cafebabe"),
                Arguments.of("fd.name pmatch (/tmp)", "fd.name pmatch (/tmp)"),
                Arguments.of("proc.args intersects (\"-V\", \"-l\")", "proc.args intersects (-V, -l)"),
                Arguments.of("never_true", "never_true"),
                Arguments.of("nothing and notable", "(nothing and notable)"));
    }

    @ParameterizedTest
    @MethodSource("canonicalForms")
    void printsCanonically(String input, String expected) throws FilterSyntaxException {
        if (expected == null) {
            assertThatThrownBy(() -> FilterParser.parse(input)).isInstanceOf(FilterSyntaxException.class);
            return;
        }
        assertThat(canon(input)).isEqualTo(expected);
        assertThat(canon(expected)).as("canonical form is a fixed point").isEqualTo(expected);
        assertThat(FilterParser.parse(expected)).isEqualTo(FilterParser.parse(input));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "=|EQ", "==|EQ_EQ", "!=|NE", "<|LT", "<=|LE", ">|GT", ">=|GE",
            "contains|CONTAINS", "icontains|ICONTAINS", "bcontains|BCONTAINS", "startswith|STARTSWITH",
            "bstartswith|BSTARTSWITH", "endswith|ENDSWITH", "glob|GLOB", "iglob|IGLOB", "regex|REGEX"})
    void everyBinaryOperator(String token, Operator op) throws FilterSyntaxException {
        Expr e = FilterParser.parse("fd.num " + token + " 12");
        assertThat(e).isInstanceOf(Expr.BinaryCheck.class);
        Expr.BinaryCheck b = (Expr.BinaryCheck) e;
        assertThat(b.op()).isEqualTo(op);
        assertThat(b.lhs()).isEqualTo(new Operand.FieldRef("fd.num", null, SourcePos.NONE));
        assertThat(b.rhs()).isEqualTo(new Operand.Literal("12", false, SourcePos.NONE));
    }

    @ParameterizedTest
    @CsvSource({"in,IN", "intersects,INTERSECTS", "pmatch,PMATCH"})
    void everyListOperator(String token, Operator op) throws FilterSyntaxException {
        Expr.BinaryCheck b = (Expr.BinaryCheck) FilterParser.parse("fd.name " + token + " (/a, b)");
        assertThat(b.op()).isEqualTo(op);
        assertThat(b.rhs()).isInstanceOf(Operand.ListLiteral.class);
        assertThat(((Operand.ListLiteral) b.rhs()).items()).extracting(Operand.Literal::text).containsExactly("/a", "b");
    }

    @Test
    void existsAndModifiers() throws FilterSyntaxException {
        assertThat(FilterParser.parse("(proc.name exists)")).isInstanceOf(Expr.UnaryCheck.class);
        for (ListModifier m : List.of(ListModifier.ONEOF, ListModifier.ANYOF, ListModifier.ALLOF)) {
            Expr.BinaryCheck b = (Expr.BinaryCheck) FilterParser.parse("proc.name glob " + m.token() + " (a*, b?)");
            assertThat(b.modifier()).isEqualTo(m);
        }
    }

    @Test
    void positionsAreRecorded() throws FilterSyntaxException {
        Expr.And and = (Expr.And) FilterParser.parse("a and\n  proc.name = x", "macro m");
        Expr second = and.children().get(1);
        assertThat(second.pos().offset()).isEqualTo(8);
        assertThat(second.pos().line()).isEqualTo(2);
        assertThat(second.pos().column()).isEqualTo(3);
        assertThat(second.pos().origin()).isEqualTo("macro m");
        Expr.BinaryCheck b = (Expr.BinaryCheck) second;
        assertThat(b.rhs().pos().column()).isEqualTo(15);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("", 1, "filter input string is empty"),
                Arguments.of("evt.type = open x", 17, "unexpected token after 'open', expecting 'or', 'and'"),
                Arguments.of("(evt.type = open", 17, "expected a ')' token"),
                Arguments.of("evt.type", 9, "expected a valid check operator: one of 'exists', '<='"),
                Arguments.of("evt.type ~ open", 10, "expected a valid check operator"),
                Arguments.of("evt.type =", 11, "expected a string value or a field with a valid transformer: 'val', 'tolower'"),
                Arguments.of("fd.num > abc", 10, "expected a number value or a field with a valid transformer"),
                Arguments.of("proc.name in (a b)", 17, "expected a ')' token"),
                Arguments.of("proc.name in (a,)", 17, "expected a string value"),
                Arguments.of("proc.name in", 13, "expected a list, an identifier, or a field with a valid transformer"),
                Arguments.of("proc.aname[2 = x", 13, "expected a ']' token"),
                Arguments.of("proc.aname[] = x", 12, "expected a valid field argument"),
                Arguments.of("proc.name = 'abc", 13, "unterminated quoted string"),
                Arguments.of("and", 1, "expected a '(' token, a field check, or an identifier"),
                Arguments.of("(not)", 2, "expected a '(' token, a field check, or an identifier"),
                Arguments.of("a and", 6, "expected a '(' token, a field check, or an identifier"),
                Arguments.of("= x", 1, "expected a '(' token, a field check, or an identifier"),
                Arguments.of("tolower(proc.name = x", 19, "expected a ')' token closing the transformer"),
                Arguments.of("tolower(1 = x", 11, "expected a ')' token closing the transformer"),
                Arguments.of("proc.name = val(x)", 17, "expected a field within 'val' transformer"),
                Arguments.of("proc.name containsx", 11, "expected a valid check operator"),
                Arguments.of("a orb", 3, "unexpected token after 'a', expecting 'or', 'and'"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void syntaxErrorsCarryColumn(String input, int column, String reason) {
        assertThatThrownBy(() -> FilterParser.parse(input))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> {
                    assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
                    if (reason != null) {
                        assertThat(e.reason()).startsWith(reason);
                    }
                    assertThat(e.getMessage()).endsWith("(column " + column + ")");
                });
    }

    @Test
    void caretLinePointsAtColumn() {
        FilterSyntaxException e = catchSyntax("evt.type = open x");
        assertThat(e.caretLine()).isEqualTo("evt.type = open x\n                ^");
        FilterSyntaxException multi = catchSyntax("a and\n\tb.x = c d");
        assertThat(multi.line()).isEqualTo(2);
        assertThat(multi.column()).isEqualTo(10);
        assertThat(multi.caretLine()).isEqualTo("\tb.x = c d\n\t        ^");
        assertThat(multi.getMessage()).endsWith("(line 2, column 10)");
    }

    @Test
    void depthLimit() {
        String deep = "(".repeat(2000) + "a" + ")".repeat(2000);
        assertThat(catchSyntax(deep).reason()).isEqualTo("exceeded max depth limit of 1000");
        String ok = "(".repeat(200) + "a" + ")".repeat(200);
        assertThatNoException(ok);
    }

    private static void assertThatNoException(String s) {
        try {
            assertThat(FilterParser.parse(s)).isEqualTo(new Expr.MacroRef("a", SourcePos.NONE));
        } catch (FilterSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void quotedEscapes() throws FilterSyntaxException {
        Expr.BinaryCheck b = (Expr.BinaryCheck) FilterParser.parse("proc.name = \"a\\tb\\n\\x41\\101\\q\"");
        assertThat(((Operand.Literal) b.rhs()).text()).isEqualTo("a\tb\nAA\\q");
        assertThat(((Operand.Literal) b.rhs()).quoted()).as("quotes only kept where they change meaning").isFalse();
        Expr.BinaryCheck f = (Expr.BinaryCheck) FilterParser.parse("proc.name = 'proc.pname'");
        assertThat(((Operand.Literal) f.rhs()).quoted()).isTrue();
    }

    @Test
    void transformerArguments() throws FilterSyntaxException {
        Expr.BinaryCheck b = (Expr.BinaryCheck) FilterParser.parse("getopt(proc.args, (\"a\", 1))[c] = x");
        Operand.Transform t = (Operand.Transform) b.lhs();
        assertThat(t.transformer()).isEqualTo(Transformer.GETOPT);
        assertThat(t.index()).isEqualTo("c");
        assertThat(t.args()).hasSize(2);
        assertThat(t.args().get(1)).isInstanceOf(Operand.ArgList.class);
    }

    static FilterSyntaxException catchSyntax(String s) {
        try {
            FilterParser.parse(s);
        } catch (FilterSyntaxException e) {
            return e;
        }
        throw new AssertionError("parsed: " + s);
    }
}
