package dev.talon.cli;

import dev.talon.event.ByteText;
import dev.talon.event.EventView;
import dev.talon.filter.Expr;
import dev.talon.filter.FieldCatalog;
import dev.talon.filter.FieldType;
import dev.talon.filter.FilterParser;
import dev.talon.filter.FilterSyntaxException;
import dev.talon.inspect.field.Field;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.rules.OutputParts;
import dev.talon.rules.engine.RuleBinder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule output format bound to talon-inspect field evaluators, rendered the way Falco formats rule
 * outputs: with an implicit leading {@code *}, so a field without a value prints {@code <NA>} instead of
 * suppressing the line; {@code %Nfield} pads (left-aligned) or truncates to N characters. The JSON
 * output_fields map holds each field once, keyed as written, typed: integers as Long, booleans as
 * Boolean, doubles as Double, everything else (text, addresses, lists) as its printed String, and null
 * when the field has no value. Field values are capture bytes (one char per byte, see {@link ByteText}); the
 * message and values an alert carries are the Unicode text those bytes spell in UTF-8, as Falco's are.
 */
final class DetectOutput implements RuleBinder.Output {
    private static final String NA = "<NA>";

    /** One piece: literal text, or a bound field (the same Field object for repeated uses). */
    private record Piece(String text, Field field, String name, int width) {
    }

    private final Piece[] pieces;
    private final StringBuilder sb = new StringBuilder(256);

    private DetectOutput(Piece[] pieces) {
        this.pieces = pieces;
    }

    static DetectOutput bind(String format, FilterCompiler compiler) throws RuleBinder.BindException {
        String f = format.startsWith("*") ? format.substring(1) : format;
        List<Piece> pieces = new ArrayList<>();
        Map<String, Field> bound = new LinkedHashMap<>();
        for (OutputParts.Part p : OutputParts.split(f, FieldCatalog.standard())) {
            if (!p.isField()) {
                pieces.add(new Piece(ByteText.fromUnicode(p.text()), null, null, 0));
                continue;
            }
            Field field = bound.get(p.field());
            if (field == null) {
                field = compile(p.field(), compiler);
                bound.put(p.field(), field);
            }
            pieces.add(new Piece(null, field, p.field(), p.width()));
        }
        return new DetectOutput(pieces.toArray(Piece[]::new));
    }

    /** Parses a field token ({@code proc.aname[2]}, {@code tolower(proc.name)}) as the operand of an exists check. */
    private static Field compile(String token, FilterCompiler compiler) throws RuleBinder.BindException {
        try {
            Expr e = FilterParser.parse(token + " exists");
            if (!(e instanceof Expr.UnaryCheck u)) {
                throw new RuleBinder.BindException("'%" + token + "' is not a field");
            }
            return compiler.compileField(u.lhs());
        } catch (FilterSyntaxException e) {
            throw new RuleBinder.BindException("'%" + token + "': " + e.getMessage(), e);
        } catch (FilterCompileException e) {
            throw new RuleBinder.BindException("'%" + token + "': " + e.reason(), e);
        }
    }

    @Override
    public String message(EventView e) {
        sb.setLength(0);
        for (Piece p : pieces) {
            if (p.field() == null) {
                sb.append(p.text());
                continue;
            }
            int start = sb.length();
            if (p.field().eval(e)) {
                p.field().append(sb);
            } else {
                sb.append(NA);
            }
            if (p.width() > 0) {
                int len = sb.length() - start;
                if (len > p.width()) {
                    sb.setLength(start + p.width());
                } else {
                    for (int i = len; i < p.width(); i++) {
                        sb.append(' ');
                    }
                }
            }
        }
        return ByteText.toUnicode(sb);
    }

    @Override
    public Map<String, Object> fields(EventView e) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Piece p : pieces) {
            if (p.field() == null || out.containsKey(p.name())) {
                continue;
            }
            out.put(p.name(), value(p.field(), e));
        }
        return out;
    }

    static Object value(Field f, EventView e) {
        if (!f.eval(e)) {
            return null;
        }
        if (f.count() == 1 && f.kind() == Field.Kind.NUMBER) {
            if (f.type() == FieldType.BOOL) {
                return f.num() != 0;
            }
            if (f.jsonNumber()) {
                return f.num();
            }
        }
        if (f.count() == 1 && f.kind() == Field.Kind.DOUBLE) {
            return f.dbl();
        }
        StringBuilder b = new StringBuilder();
        f.append(b);
        return ByteText.toUnicode(b);
    }
}
