package dev.talon.filter;

import java.util.Objects;
import java.util.Set;

/**
 * One field of the catalogue, as in {@code fields.tsv}: class ({@code process}, {@code fd}...),
 * name, type, argument mode (plus the catalogue's description of the argument), flags, where
 * the field comes from, and its short display label.
 */
public record FieldInfo(String fieldClass, String name, FieldType type, ArgumentMode argument,
                        String argumentDescription, Set<FieldFlag> flags, String source, String label) {
    public FieldInfo {
        Objects.requireNonNull(fieldClass);
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(argument);
        argumentDescription = argumentDescription == null ? "" : argumentDescription;
        flags = Set.copyOf(flags);
        Objects.requireNonNull(source);
        Objects.requireNonNull(label);
    }

    public boolean has(FieldFlag flag) {
        return flags.contains(flag);
    }
}
