package dev.talon.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FilterCheckerTest {
    private final FilterChecker checker = new FilterChecker(FieldCatalog.standard());

    private FilterChecker.Result check(String condition) throws FilterSyntaxException {
        return checker.check(FilterParser.parse(condition));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "evt.type in (open, openat) and fd.num >= 0",
            "proc.aname[2] = sshd and proc.aname = bash",
            "evt.arg.flags contains O_TRUNC and evt.arg[0] = 3",
            "fd.name regex '^/etc/[a-z]+$'",
            "evt.buffer bcontains cafebabe",
            "fd.net = 127.0.0.0/8 or fd.sip in (10.0.0.1, ::1, fe80::1/64)",
            "evt.is_open_write = true and proc.is_exe_writable != false",
            "tolower(proc.name) = bash and len(proc.args) > 2",
            "proc.args intersects (-V, -l) and fd.name pmatch (/tmp)",
            "fd.types intersects (ipv4, file) and fd.types[3] = file",
            "container.label.app = web and k8s.pod.label[tier] = db",
            "proc.name = val(proc.pname) and proc.name startswith oneof (a, b)"})
    void acceptsValidConditions(String condition) throws FilterSyntaxException {
        FilterChecker.Result r = check(condition);
        assertThat(r.errors()).isEmpty();
        assertThat(r.ok()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "proc.nam = x|UNKNOWN_FIELD|1|filter_check called with nonexistent field proc.nam",
            "proc.name = x and fd.nme = x|UNKNOWN_FIELD|19|filter_check called with nonexistent field fd.nme",
            "fd.num contains 3|INVALID_OPERATOR|1|'contains' operator not supported for numeric filters",
            "evt.is_open_write startswith t|INVALID_OPERATOR|1|'startswith' operator not supported for numeric filters",
            "fd.sip glob 1*|INVALID_OPERATOR|1|'glob' operator not supported for ip address and network filters",
            "proc.name bcontains 2f|INVALID_OPERATOR|1|'bcontains' operator not supported for string filters",
            "fd.types contains x|INVALID_OPERATOR|1|'contains' operator not supported list filters",
            "evt.arg = 3|MISSING_ARGUMENT|1|field 'evt.arg' requires an argument",
            "proc.name[1] = x|INVALID_ARGUMENT|1|field 'proc.name' does not accept an argument",
            "proc.aname[x] = y|INVALID_ARGUMENT|1|field 'proc.aname' argument must be an ancestor level",
            "fd.name regex 'a(b'|INVALID_REGEX|15|invalid regex 'a(b'",
            "evt.buffer bcontains xyz|INVALID_VALUE|22|'bcontains' needs an even-length hex string",
            "fd.num = abc|INVALID_VALUE|10|'abc' is not a valid number",
            "evt.is_open_write = yes|INVALID_VALUE|21|'yes' is not a valid boolean",
            "fd.sip = 300.1.1.1|INVALID_VALUE|10|'300.1.1.1' is not a valid IP address or network",
            "tolower(proc.aname) = x|INVALID_TRANSFORMER|9|field 'proc.aname' does not support transformers",
            "tolower(fd.num) = x|INVALID_TRANSFORMER|1|transformer 'tolower' is not supported on type 'INT64'",
            "tolower(proc.name, proc.exe) = x|INVALID_TRANSFORMER|1|transformer 'tolower' takes 1 argument(s), got 2",
            "proc.name = val(proc.aname)|INVALID_FIELD_USE|17|field 'proc.aname' cannot be used as a right-hand side field",
            "evt.outputtime = 1|INVALID_FIELD_USE|1|field 'evt.outputtime' can only be used in output formats",
            "never_true|UNDEFINED_MACRO|1|Undefined macro 'never_true' used in filter."})
    void reportsProblemsWithColumn(String condition, FilterProblem.Code code, int column, String message)
            throws FilterSyntaxException {
        FilterChecker.Result r = check(condition);
        assertThat(r.errors()).isNotEmpty();
        FilterProblem p = r.errors().getFirst();
        assertThat(p.code()).isEqualTo(code);
        assertThat(p.column()).isEqualTo(column);
        assertThat(p.message()).startsWith(message);
    }

    @Test
    void bareFieldValueBecomesFieldComparison() throws FilterSyntaxException {
        FilterChecker.Result r = check("evt.type = open and not proc.name = proc.pname");
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(FilterProblem.Code.FIELD_AS_VALUE);
            assertThat(w.message()).isEqualTo("'proc.pname' may be a valid field misused as a const string value");
            assertThat(w.column()).isEqualTo(37);
        });
        Expr.BinaryCheck inner = (Expr.BinaryCheck) ((Expr.Not) ((Expr.And) r.expr()).children().get(1)).child();
        assertThat(inner.rhs()).isEqualTo(new Operand.FieldRef("proc.pname", null, SourcePos.NONE));
        assertThat(FilterPrinter.print(r.expr())).isEqualTo("(evt.type = open and not proc.name = proc.pname)");

        FilterChecker.Result quoted = check("proc.name = 'proc.pname' and proc.name = reload.sh");
        assertThat(quoted.warnings()).isEmpty();
        assertThat(quoted.expr()).isEqualTo(FilterParser.parse("proc.name = 'proc.pname' and proc.name = reload.sh"));
    }

    @Test
    void warnings() throws FilterSyntaxException {
        assertThat(check("proc.name = \"<NA>\"").warnings()).extracting(FilterProblem::code)
                .containsExactly(FilterProblem.Code.UNSAFE_NA_CHECK);
        assertThat(check("evt.dir = <").warnings()).extracting(FilterProblem::code)
                .containsExactly(FilterProblem.Code.DEPRECATED_FIELD);
    }

    @Test
    void operatorTableMatchesLibsinsp() {
        assertThat(FilterChecker.incompatibility(Operator.LT, FieldType.CHARBUF, false)).isNull();
        assertThat(FilterChecker.incompatibility(Operator.PMATCH, FieldType.CHARBUF, false)).isNull();
        assertThat(FilterChecker.incompatibility(Operator.BSTARTSWITH, FieldType.BYTEBUF, false)).isNull();
        assertThat(FilterChecker.incompatibility(Operator.GLOB, FieldType.BYTEBUF, false)).isNotNull();
        assertThat(FilterChecker.incompatibility(Operator.IN, FieldType.IPNET, false)).isNull();
        assertThat(FilterChecker.incompatibility(Operator.EXISTS, FieldType.BOOL, true)).isNull();
        assertThat(FilterChecker.incompatibility(Operator.CONTAINS, FieldType.DYN, false)).isNull();
    }
}
