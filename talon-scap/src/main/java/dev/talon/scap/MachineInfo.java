package dev.talon.scap;

import java.util.Objects;

/**
 * The machine info block (MI): what the capturing host looked like.
 *
 * @param numCpus         online CPUs
 * @param memorySizeBytes physical memory
 * @param maxPid          pid_max of the host
 * @param hostname        host name (at most 127 bytes are stored)
 * @param bootTsEpoch     boot time in ns since the epoch, 0 when the producer did not record it
 * @param flags           libscap-internal flag bits (e.g. "boot ts came from procfs")
 */
public record MachineInfo(int numCpus, long memorySizeBytes, long maxPid, String hostname, long bootTsEpoch, long flags) {
    public MachineInfo {
        Objects.requireNonNull(hostname, "hostname");
    }
}
