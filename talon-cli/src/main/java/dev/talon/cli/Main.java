package dev.talon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point: {@code talon inspect ...}, {@code talon detect}, {@code talon stats}. Errors are one line on stderr, exit 1. */
public final class Main implements Runnable {
    /**
     * The subcommands, registered lazily: only the one being run is built (each builds its options and
     * loads the classes they name), so reading a capture file does not pay for the rules engine, the outputs
     * and the probe loader at start-up.
     */
    private static final Map<String, Supplier<CommandSpec>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("inspect", () -> new InspectCommand().spec());
        SUBCOMMANDS.put("detect", () -> new DetectCommand().spec());
        SUBCOMMANDS.put("stats", () -> new StatsCommand().spec());
    }

    private CommandLine commandLine;

    /** {@code talon} alone: the usage. */
    @Override
    public void run() {
        commandLine.usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process (tests use this); returns the exit code. */
    public static int run(String[] args, PrintWriter err) {
        Main main = new Main();
        CommandSpec spec = new CommandOptions(main, "talon", "System-call capture inspection and threat detection")
                .help().version("talon 0.1.0").spec();
        CommandLine cl = new CommandLine(spec);
        main.commandLine = cl;
        Supplier<CommandSpec> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(args[0], only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("talon: " + ex.getMessage());
            return 1;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("talon: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }
}
