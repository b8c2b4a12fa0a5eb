package dev.talon.inspect.field;

import dev.talon.filter.FieldCatalog;
import dev.talon.filter.FieldFlag;
import dev.talon.filter.FieldInfo;

import java.util.List;

/**
 * {@code talon inspect -l}: the fields Talon evaluates, in {@code sysdig -l}'s layout (a dashed rule, the
 * class and its description in a 30-column label column, a blank line, then one field per line with its
 * description wrapped at 120 columns and indented to column 30). Descriptions come from the catalogue's
 * labels (shared/spec/fields.tsv), with the argument and flags spelled out.
 */
public final class FieldList {
    private FieldList() {}

    static final int NAME_COLUMN = 30;
    static final int WIDTH = 120;

    /** Classes in sysdig's order, with what they describe. */
    private static final List<String[]> CLASSES = List.of(
            new String[] {"evt", "Fields of the event itself: number, time, type, direction, arguments, result, I/O."},
            new String[] {"process", "The process and thread that generated the event (proc.* and thread.*)."},
            new String[] {"user", "The user the event's thread runs as, from the capture's user table."},
            new String[] {"group", "The group the event's thread runs as, from the capture's group table."},
            new String[] {"container", "The container of the event's thread, from its cgroups and container events. "
                    + "Outside containers, id and name are 'host'."},
            new String[] {"fd", "The file descriptor an event is about: files, sockets (with endpoints by role), "
                    + "pipes and the other fd types."},
            new String[] {"fdlist", "The fd lists of poll events."},
            new String[] {"fs.path", "Filesystem paths that syscalls (mkdir, rename, unlink...) act on."});

    /** The listing, every line ending with a newline. */
    public static String render(FieldCatalog catalog) {
        StringBuilder sb = new StringBuilder();
        for (String[] c : CLASSES) {
            if (!Fields.CLASSES.contains(c[0])) continue;
            sb.append("-------------------------------\n");
            labelled(sb, "Field Class:", c[0]);
            labelled(sb, "Description:", c[1]);
            sb.append('\n');
            for (FieldInfo f : catalog.fields()) {
                if (f.fieldClass().equals(c[0])) labelled(sb, f.name(), description(f));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String description(FieldInfo f) {
        StringBuilder d = new StringBuilder(f.label().isEmpty() ? f.name() : f.label());
        d.append(" (").append(f.type().name().toLowerCase(java.util.Locale.ROOT)).append(')');
        switch (f.argument()) {
            case REQUIRED -> d.append(". Takes an argument: ").append(f.name()).append("[...]");
            case OPTIONAL -> d.append(". Takes an optional argument: ").append(f.name()).append("[...]");
            default -> { }
        }
        if (!f.argumentDescription().isEmpty()) d.append(" (").append(f.argumentDescription()).append(')');
        if (f.has(FieldFlag.FILTER_ONLY)) d.append(". Filters only");
        if (f.has(FieldFlag.PRINT_ONLY)) d.append(". Output only");
        if (f.has(FieldFlag.DEPRECATED)) d.append(". Deprecated");
        return d.append('.').toString();
    }

    /** {@code label} padded to the name column (alone on its line when longer), then the wrapped text. */
    static void labelled(StringBuilder sb, String label, String text) {
        sb.append(label);
        if (label.length() >= NAME_COLUMN) {
            sb.append('\n');
            pad(sb, NAME_COLUMN);
        } else {
            pad(sb, NAME_COLUMN - label.length());
        }
        int col = NAME_COLUMN;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) continue;
            if (col + word.length() + 1 > WIDTH && col > NAME_COLUMN) {
                sb.append('\n');
                pad(sb, NAME_COLUMN);
                col = NAME_COLUMN;
            }
            // like sysdig, every word is followed by a space, also the last one of a line
            sb.append(word).append(' ');
            col += word.length() + 1;
        }
        sb.append('\n');
    }

    private static void pad(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) sb.append(' ');
    }
}
