package dev.talon.filter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a condition may name. {@link #standard()} is the catalogue generated from
 * {@code shared/spec/fields.tsv} (libsinsp fields plus the container/k8s fields Talon provides
 * natively).
 *
 * <p>Name resolution ({@link #resolve}): an exact name wins ({@code proc.aname},
 * {@code container.mount.dest}); otherwise, when no bracket argument was given, the longest
 * dotted prefix that names a field taking an argument is used and the rest is the argument
 * ({@code evt.arg.flags} → {@code evt.arg}["flags"], {@code container.label.app} →
 * {@code container.label}["app"]).
 */
public final class FieldCatalog {
    private static final FieldCatalog STANDARD = new FieldCatalog(FieldCatalogData.fields());

    private final List<FieldInfo> fields;
    private final Map<String, FieldInfo> byName;

    private FieldCatalog(List<FieldInfo> fields) {
        this.fields = List.copyOf(fields);
        Map<String, FieldInfo> m = new LinkedHashMap<>();
        for (FieldInfo f : this.fields) {
            if (m.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("duplicate field in catalogue: " + f.name());
            }
        }
        this.byName = m;
    }

    /** The generated catalogue (fields.tsv). */
    public static FieldCatalog standard() {
        return STANDARD;
    }

    /** A catalogue of the given fields (names must be unique). */
    public static FieldCatalog of(List<FieldInfo> fields) {
        return new FieldCatalog(fields);
    }

    /** All fields in catalogue order. */
    public List<FieldInfo> fields() {
        return fields;
    }

    /** The field with exactly this name. */
    public Optional<FieldInfo> field(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Matches a field as written ({@code name} plus bracket argument or null) to the catalogue; empty
     * if no field matches.
     */
    public Optional<ResolvedField> resolve(String name, String bracketArgument) {
        FieldInfo exact = byName.get(name);
        if (exact != null) {
            return Optional.of(new ResolvedField(exact, bracketArgument));
        }
        if (bracketArgument != null) {
            return Optional.empty();
        }
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            FieldInfo f = byName.get(name.substring(0, dot));
            if (f != null && f.argument() != ArgumentMode.NONE) {
                return Optional.of(new ResolvedField(f, name.substring(dot + 1)));
            }
        }
        return Optional.empty();
    }

    /** {@link #resolve(String, String)} for a parsed field reference. */
    public Optional<ResolvedField> resolve(Operand.FieldRef ref) {
        return resolve(ref.name(), ref.argument());
    }
}
