package dev.talon.filter;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the parser (untrusted input: filters come from users and rule files). The only
 * exception allowed is FilterSyntaxException; whatever parses must print and re-parse to an equal
 * AST. Runs its seed corpus as a regression test in a normal build.
 */
class FilterParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        Expr e;
        try {
            e = FilterParser.parse(input);
        } catch (FilterSyntaxException expected) {
            expected.caretLine();
            return;
        }
        String printed = FilterPrinter.print(e);
        Expr again;
        try {
            again = FilterParser.parse(printed);
        } catch (FilterSyntaxException ex) {
            throw new AssertionError("printed form does not parse: " + printed, ex);
        }
        if (!again.equals(e)) {
            throw new AssertionError("round trip changed the AST: " + input + " -> " + printed);
        }
        new FilterChecker(FieldCatalog.standard()).check(e);
    }
}
