package dev.talon.rules;

/**
 * One load error or warning, located in its rules file (1-based line and column of the YAML
 * node it concerns; 0 when unknown), with Falco's code ({@code LOAD_ERR_YAML_VALIDATE},
 * {@code LOAD_UNUSED_MACRO}...) and message text, and the item it concerns: item type
 * ({@code rule}, {@code macro}, {@code list}, {@code exception}, {@code required_engine_version},
 * {@code required_plugin_versions}, {@code rules content}) and item name (may be empty).
 */
public record RuleMessage(Severity severity, String file, int line, int column, String code, String text,
                          String itemType, String itemName) {

    /** ERROR fails the load; WARNING and INFO do not. */
    public enum Severity { ERROR, WARNING, INFO }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: severity CODE (item type 'name'): text}, one line. */
    @Override
    public String toString() {
        String item = itemType.isEmpty() ? "" : " (" + itemType + (itemName.isEmpty() ? "" : " '" + itemName + "'") + ")";
        return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + " "
                + code + item + ": " + text;
    }
}
