package dev.talon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point: {@code talon inspect ...}, {@code talon detect}, {@code talon stats}. Errors are one line on stderr, exit 1. */
@Command(name = "talon", mixinStandardHelpOptions = true, version = "talon 0.1.0",
        description = "System-call capture inspection and threat detection",
        subcommands = {InspectCommand.class, DetectCommand.class, StatsCommand.class})
public final class Main implements Runnable {
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
