package dev.talon.driver;

/**
 * Kernel run statistics of one attached program (bpf_prog_info.run_cnt / run_time_ns). They only
 * grow while run-time statistics are enabled ({@link LoadedProbe#enableRunTimeStats()}); the time
 * of a tail-called filler is counted in the program that was attached.
 */
public record ProgramStats(String name, long runCount, long runTimeNanos) {

    /** Mean nanoseconds per run, or 0 when the program has not run. */
    public double nanosPerRun() {
        return runCount == 0 ? 0 : (double) runTimeNanos / runCount;
    }
}
