package dev.talon.driver;

import java.util.List;

/**
 * Counters of the probe summed over all CPUs (struct talon_counters in talon_core.h) plus the run
 * statistics of the attached programs.
 *
 * @param seen          syscall exits and tracepoint hits the probe handled (after filtering)
 * @param events        events written to a ring
 * @param dropsRingFull events dropped because their CPU's ring was full
 * @param dropsNoRing   events dropped because no ring was registered for the CPU
 * @param dropsBug      events dropped because of an internal inconsistency (should be 0)
 * @param readFaults    parameters left empty because memory could not be read
 * @param truncated     parameters cut short at the maximum event size
 */
public record ProbeStats(long seen, long events, long dropsRingFull, long dropsNoRing, long dropsBug,
        long readFaults, long truncated, List<ProgramStats> programs) {

    public ProbeStats {
        programs = List.copyOf(programs);
    }

    /** All dropped events, whatever the reason. */
    public long drops() {
        return dropsRingFull + dropsNoRing + dropsBug;
    }
}
