package dev.talon.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Live detection arrives with the driver and rules engine (Talon issue 3); until then it says so. */
@Command(name = "detect", description = "Live threat detection with Falco rules (not available yet)")
final class DetectCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("talon: live detection is not available yet (it comes with Talon issue 3: driver + rules engine); "
                + "use 'talon inspect -r FILE' to read captures");
        return 2;
    }
}
