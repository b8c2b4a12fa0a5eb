package dev.talon.filter;

/**
 * A field reference matched to the catalogue: the field and its argument (from brackets or from
 * the dotted tail, e.g. {@code evt.arg.flags} → {@code evt.arg} + "flags"), or null if none.
 */
public record ResolvedField(FieldInfo field, String argument) {
}
