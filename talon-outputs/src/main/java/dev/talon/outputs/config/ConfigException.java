package dev.talon.outputs.config;

/**
 * A configuration problem, located: {@code talon.yaml:12:5: unknown key 'stdout_output.enabeld'} or
 * {@code -o 'priority=urgent':10: Invalid priority 'urgent'}.
 */
public final class ConfigException extends Exception {
    private final String source;
    private final int line;
    private final int column;
    private final String problem;

    /**
     * @param source  file name, or the {@code -o} option text
     * @param line    1-based line, 0 if unknown (always 0 for {@code -o} options)
     * @param column  1-based column, 0 if unknown
     * @param problem what is wrong
     */
    public ConfigException(String source, int line, int column, String problem) {
        super(location(source, line, column) + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    private static String location(String source, int line, int column) {
        if (line > 0) {
            return source + ":" + line + ":" + column;
        }
        return column > 0 ? source + ":" + column : source;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the location. */
    public String problem() {
        return problem;
    }
}
