package dev.talon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point: {@code talon inspect ...}, {@code talon detect}, {@code talon stats}. Errors are one line on stderr, exit 1. */
@Command(name = "talon", mixinStandardHelpOptions = true, version = "talon 0.1.0",
        description = "System-call capture inspection and threat detection")
public final class Main implements Runnable {
    /**
     * The subcommands, registered lazily: picocli reflects over a command's fields (and loads the classes
     * they name) when it is added, so only the one being run is added. Reading a capture file then does not
     * pay for the rules engine, the outputs and the probe loader at start-up.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("inspect", InspectCommand::new);
        SUBCOMMANDS.put("detect", DetectCommand::new);
        SUBCOMMANDS.put("stats", StatsCommand::new);
    }

    /** Every subcommand answers -h/--help (their own flags keep -V and the other letters sysdig/Falco use). */
    private static CommandLine withHelp(Object command) {
        CommandLine sub = new CommandLine(command);
        if (sub.getCommandSpec().findOption("--help") == null) {
            sub.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        return sub;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process (tests use this); returns the exit code. */
    public static int run(String[] args, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(args[0], withHelp(only.get()));
        } else {
            SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, withHelp(command.get())));
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
