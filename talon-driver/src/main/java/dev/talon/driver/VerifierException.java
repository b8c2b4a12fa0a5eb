package dev.talon.driver;

/**
 * The kernel verifier rejected a program. {@link #getMessage()} is short (program, errno and the
 * verifier's last line); {@link #log()} holds the whole verifier log as libbpf reported it.
 */
public final class VerifierException extends DriverException {
    private static final long serialVersionUID = 1L;
    private final String program;
    private final String log;

    public VerifierException(String program, String errno, String log) {
        this(program, errno, log, log);
    }

    /** {@code libbpfLog}: everything libbpf printed during the load, the verifier log included. */
    public VerifierException(String program, String errno, String log, String libbpfLog) {
        super("verifier rejected program " + program + " (" + errno + "): " + lastLine(log), libbpfLog);
        this.program = program;
        this.log = log;
    }

    /** Name of the rejected program, or "?" when libbpf did not say. */
    public String program() {
        return program;
    }

    /** The complete verifier log. */
    public String log() {
        return log;
    }

    private static String lastLine(String log) {
        String[] lines = log.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("--") && !l.startsWith("processed ")) {
                return l;
            }
        }
        return "(no verifier log)";
    }
}
