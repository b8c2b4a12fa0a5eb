package dev.talon.inspect.field;

import dev.talon.filter.FieldCatalog;
import dev.talon.filter.FieldInfo;
import dev.talon.filter.ResolvedField;

import java.util.List;
import java.util.Optional;

/**
 * The field registry: resolves a field as written ({@code proc.aname[2]}, {@code evt.arg.flags}) against
 * talon-filter's catalogue (shared/spec/fields.tsv) and builds its evaluator for an {@link EventContext}.
 * Called once per field of a filter or format; the result is evaluated per event without lookups.
 */
public final class Fields {
    private Fields() {}

    /** The field classes this registry implements (k8s and util fields need an orchestrator, not a capture). */
    public static final List<String> CLASSES = List.of("evt", "process", "fd", "fdlist", "fs.path", "user", "group",
            "container");

    /** Resolves {@code name} with an optional {@code [argument]} suffix. */
    public static Field resolve(String written, EventContext ctx) throws UnknownFieldException {
        String name = written;
        String arg = null;
        int br = written.indexOf('[');
        if (br > 0 && written.endsWith("]")) {
            name = written.substring(0, br);
            arg = written.substring(br + 1, written.length() - 1);
            if (arg.length() >= 2 && (arg.charAt(0) == '"' || arg.charAt(0) == '\'') && arg.charAt(arg.length() - 1) == arg.charAt(0)) {
                arg = arg.substring(1, arg.length() - 1);
            }
        }
        Optional<ResolvedField> r = FieldCatalog.standard().resolve(name, arg);
        if (r.isEmpty()) throw new UnknownFieldException("unknown field '" + written + "'");
        return resolve(r.get(), written, ctx);
    }

    /**
     * The field computed at most once per event ({@link EventContext#stamp()}), for sharing one evaluator
     * between all checks and outputs that use the same field.
     */
    public static Field memo(Field f, EventContext ctx) {
        return f instanceof MemoField ? f : new MemoField(f, ctx);
    }

    /** Builds the evaluator of a catalogue field; {@code written} is its display name. */
    public static Field resolve(ResolvedField r, String written, EventContext ctx) throws UnknownFieldException {
        FieldInfo info = r.field();
        String arg = r.argument();
        return switch (info.fieldClass()) {
            case "evt" -> EvtFields.create(info, written, arg, ctx);
            case "process" -> ProcFields.create(info, written, arg, ctx);
            case "fd" -> FdFields.create(info, written, arg, ctx);
            case "fdlist" -> OtherFields.fdlist(info, written, ctx);
            case "fs.path" -> OtherFields.fsPath(info, written, ctx);
            case "user" -> OtherFields.user(info, written, ctx);
            case "group" -> OtherFields.group(info, written, ctx);
            case "container" -> OtherFields.container(info, written, arg, ctx);
            default -> throw new UnknownFieldException("field '" + info.name() + "' (class " + info.fieldClass()
                    + ") needs data a capture does not have and is not supported by Talon");
        };
    }
}
