package dev.talon.scap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A {@link MetadataSink} that keeps everything it receives, in arrival order. */
public final class MetadataCollector implements MetadataSink {

    /** An fd together with its owning thread. */
    public record ThreadFd(long tid, FdEntry fd) {}

    private final List<SectionHeader> sections = new ArrayList<>();
    private final List<MachineInfo> machineInfos = new ArrayList<>();
    private final List<InterfaceEntry> interfaces = new ArrayList<>();
    private final List<UserEntry> users = new ArrayList<>();
    private final List<GroupEntry> groups = new ArrayList<>();
    private final List<ThreadEntry> threads = new ArrayList<>();
    private final List<ThreadFd> fds = new ArrayList<>();

    @Override public void sectionStart(SectionHeader header) { sections.add(header); }
    @Override public void machineInfo(MachineInfo info) { machineInfos.add(info); }
    @Override public void networkInterface(InterfaceEntry entry) { interfaces.add(entry); }
    @Override public void user(UserEntry entry) { users.add(entry); }
    @Override public void group(GroupEntry entry) { groups.add(entry); }
    @Override public void thread(ThreadEntry entry) { threads.add(entry); }
    @Override public void fd(long tid, FdEntry entry) { fds.add(new ThreadFd(tid, entry)); }

    public List<SectionHeader> sections() { return Collections.unmodifiableList(sections); }
    public List<MachineInfo> machineInfos() { return Collections.unmodifiableList(machineInfos); }
    public List<InterfaceEntry> interfaces() { return Collections.unmodifiableList(interfaces); }
    public List<UserEntry> users() { return Collections.unmodifiableList(users); }
    public List<GroupEntry> groups() { return Collections.unmodifiableList(groups); }
    public List<ThreadEntry> threads() { return Collections.unmodifiableList(threads); }
    public List<ThreadFd> fds() { return Collections.unmodifiableList(fds); }

    /** Replays everything collected into another sink, grouped by kind in stream-header order. */
    public void replay(MetadataSink sink) {
        machineInfos.forEach(sink::machineInfo);
        interfaces.forEach(sink::networkInterface);
        users.forEach(sink::user);
        groups.forEach(sink::group);
        threads.forEach(sink::thread);
        fds.forEach(f -> sink.fd(f.tid(), f.fd()));
    }
}
