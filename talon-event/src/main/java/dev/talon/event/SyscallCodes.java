package dev.talon.event;

/** Architecture-independent syscall codes (ppm_sc), the values of PT_SYSCALLID params. */
public final class SyscallCodes {
    private SyscallCodes() {}

    /** The lower-case syscall name for a ppm_sc id, or null if the id is unknown. */
    public static String name(int ppmSc) {
        return ppmSc >= 0 && ppmSc < SchemaData.SYSCALL_NAMES.length ? SchemaData.SYSCALL_NAMES[ppmSc] : null;
    }

    public static int count() {
        return SchemaData.SYSCALL_NAMES.length;
    }
}
