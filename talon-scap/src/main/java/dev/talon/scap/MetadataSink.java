package dev.talon.scap;

/**
 * Receives capture metadata as a {@link Source} parses it, in stream order: a {@link #sectionStart}
 * first, then machine info, interfaces, users and groups, threads and fds as the blocks come. Blocks
 * found after events (a state refresh or a new section of a merged file) are delivered the same way,
 * between two {@link Source#next} calls. Every method defaults to doing nothing.
 */
public interface MetadataSink {

    /** A sink that ignores everything. */
    MetadataSink NONE = new MetadataSink() {};

    /** A section starts (the first one, or a later section of a merged file: state should be reset). */
    default void sectionStart(SectionHeader header) {}

    default void machineInfo(MachineInfo info) {}

    default void networkInterface(InterfaceEntry entry) {}

    default void user(UserEntry entry) {}

    default void group(GroupEntry entry) {}

    default void thread(ThreadEntry entry) {}

    /** One fd of thread {@code tid}. */
    default void fd(long tid, FdEntry entry) {}
}
