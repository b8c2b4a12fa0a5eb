package dev.talon.cli;

import dev.talon.inspect.Inspector;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.StateTracker;

import java.io.OutputStream;
import java.nio.file.Path;

/** A live capture to a file in its own JVM ({@code LiveCaptureMain FILE [FILTER]}), for the SIGKILL test. */
public final class LiveCaptureMain {
    private LiveCaptureMain() {
    }

    public static void main(String[] args) throws Exception {
        String filter = args.length > 1 ? args[1] : null;
        StateTracker state = new StateTracker();
        Inspector inspector = new Inspector(state,
                new Inspector.Options(null, false, 0, BufferMode.NORMAL, false, false, filter, true));
        System.exit(LiveCapture.run(inspector, state,
                new LiveCapture.Settings(filter, 80, 0, 0, new CaptureRotation.Settings(Path.of(args[0]), 0, 0, 0), false),
                OutputStream.nullOutputStream(), System.err));
    }
}
