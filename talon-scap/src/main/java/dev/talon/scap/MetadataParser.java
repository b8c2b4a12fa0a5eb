package dev.talon.scap;

import java.lang.foreign.MemorySegment;

/** Decodes the metadata blocks (MI, PL*, FDL*, IL*, UL*) and pushes their contents to a sink. */
final class MetadataParser {
    /** Size of the packed scap_machine_info. */
    static final int MACHINE_INFO_SIZE = 180;
    static final int HOSTNAME_SIZE = 128;

    private MetadataParser() {}

    /**
     * Parses the body (padding included, trailer excluded) under {@code c} if {@code type} is a
     * metadata block.
     *
     * @return false if {@code type} is not a metadata block
     */
    static boolean parse(int type, BlockCursor c, MetadataSink sink) throws ScapFormatException {
        int plVersion = BlockType.processListVersion(type);
        if (plVersion != 0) {
            // entries are read while at least 4 body bytes remain; fewer are padding
            while (c.remaining() >= 4) {
                sink.thread(ProcessListCodec.read(c, plVersion));
            }
            return true;
        }
        switch (type) {
            case BlockType.MI, BlockType.MI_INT -> sink.machineInfo(readMachineInfo(c));
            case BlockType.FDL, BlockType.FDL_INT, BlockType.FDL_V2 -> {
                long tid = c.u64("tid");
                boolean v2 = type == BlockType.FDL_V2;
                while (c.remaining() >= 4) {
                    sink.fd(tid, FdListCodec.read(c, v2));
                }
            }
            case BlockType.IL, BlockType.IL_INT, BlockType.IL_V2 -> {
                boolean v2 = type == BlockType.IL_V2;
                while (c.remaining() >= 4) {
                    sink.networkInterface(InterfaceListCodec.read(c, v2));
                }
            }
            case BlockType.UL, BlockType.UL_INT, BlockType.UL_V2 -> {
                boolean v2 = type == BlockType.UL_V2;
                while (c.remaining() >= 4) {
                    UserListCodec.read(c, v2, sink);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Reads min(body, 180) bytes; fields beyond a short body read as zero, extra bytes are ignored. */
    static MachineInfo readMachineInfo(BlockCursor c) throws ScapFormatException {
        long streamAt = c.streamOffset();
        int n = (int) Math.min(c.remaining(), MACHINE_INFO_SIZE);
        byte[] raw = new byte[MACHINE_INFO_SIZE];
        System.arraycopy(c.bytes(n, "machine info"), 0, raw, 0, n);
        BlockCursor mi = new BlockCursor(MemorySegment.ofArray(raw), 0, MACHINE_INFO_SIZE, streamAt, "MI", false);
        int numCpus = mi.u32("num_cpus");
        long memory = mi.u64("memory_size_bytes");
        long maxPid = mi.u64("max_pid");
        String hostname = mi.fixedString(HOSTNAME_SIZE, "hostname");
        long bootTs = mi.u64("boot_ts_epoch");
        long flags = mi.u64("flags");
        return new MachineInfo(numCpus, memory, maxPid, hostname, bootTs, flags);
    }

    static void writeMachineInfo(ByteSink out, MachineInfo m) {
        out.u32(m.numCpus()).u64(m.memorySizeBytes()).u64(m.maxPid()).fixedString(m.hostname(), HOSTNAME_SIZE)
                .u64(m.bootTsEpoch()).u64(m.flags()).u64(0).u64(0);
    }
}
