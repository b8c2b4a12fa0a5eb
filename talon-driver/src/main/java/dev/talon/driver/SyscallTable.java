package dev.talon.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Native x86_64 syscall numbers with their names and ppm_sc ids, as generated next to the probe at
 * build time (bpf/syscalls.tsv: nr, name, ppm_sc) from unistd_64.h and talon-event's schema, and the
 * ia32 syscalls the probe reports as their x86_64 equivalents (bpf/syscalls_ia32.tsv: ia32_nr, name, nr).
 */
final class SyscallTable {
    static final String RESOURCE = "/bpf/syscalls.tsv";
    static final String IA32_RESOURCE = "/bpf/syscalls_ia32.tsv";
    /** Size of the probe's per-syscall maps (TALON_SYSCALL_MAX and TALON_IA32_MAX in the generated headers). */
    static final int MAX = 512;

    private final Map<String, Integer> byName;
    private final String[] names = new String[MAX];
    private final int[] ppmSc = new int[MAX];
    /**
     * ia32 socketcall (its number is fixed by the i386 ABI): the probe unpacks it into the socket syscall
     * it carries, one of these (send and recv as sendto and recvfrom).
     */
    static final int IA32_SOCKETCALL = 102;
    static final Set<String> SOCKETCALL_CALLS = Set.of("socket", "bind", "connect", "listen", "accept",
            "getsockname", "getpeername", "socketpair", "sendto", "recvfrom", "shutdown", "setsockopt", "getsockopt",
            "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg");

    /** ia32 number -> native number, -1 where the ia32 call is not reported. */
    private final int[] nativeOfIa32 = new int[MAX];

    private SyscallTable(Map<String, Integer> byName) {
        this.byName = byName;
        Arrays.fill(nativeOfIa32, -1);
    }

    static SyscallTable load() {
        SyscallTable t;
        try (BufferedReader r = resource(RESOURCE)) {
            t = parse(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (BufferedReader r = resource(IA32_RESOURCE)) {
            t.parseIa32(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    private static BufferedReader resource(String name) {
        InputStream in = SyscallTable.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the talon-driver jar (probe build skipped?)");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** One row of a generated table: its line number (for errors) and its three columns. */
    private interface Row {
        void accept(int lineNo, String[] columns);
    }

    /** The three-column rows of a generated table after its header line; blank lines are skipped. */
    private static void rows(BufferedReader r, String resource, Row row) throws IOException {
        String line = r.readLine(); // header
        int lineNo = 1;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 3) {
                throw new IllegalStateException(resource + ":" + lineNo + ": expected 3 tab-separated columns");
            }
            row.accept(lineNo, f);
        }
    }

    /** Reads the ia32 table (ia32_nr, name, nr) into this table. */
    void parseIa32(BufferedReader r) throws IOException {
        rows(r, IA32_RESOURCE, (lineNo, f) -> {
            int ia32 = Integer.parseInt(f[0]);
            int nr = Integer.parseInt(f[2]);
            if (ia32 < 0 || ia32 >= MAX || nr < 0 || nr >= MAX) {
                throw new IllegalStateException(IA32_RESOURCE + ":" + lineNo + ": syscall number out of range");
            }
            nativeOfIa32[ia32] = nr;
        });
    }

    /** The native number an ia32 syscall is reported as, or -1 when the probe does not report it. */
    int nativeOfIa32(int ia32) {
        return ia32 >= 0 && ia32 < MAX ? nativeOfIa32[ia32] : -1;
    }

    static SyscallTable parse(BufferedReader r) throws IOException {
        SyscallTable t = new SyscallTable(new LinkedHashMap<>());
        Arrays.fill(t.ppmSc, 0);
        rows(r, RESOURCE, (lineNo, f) -> {
            int nr = Integer.parseInt(f[0]);
            if (nr < 0 || nr >= MAX) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": syscall number " + nr + " out of range");
            }
            t.names[nr] = f[1];
            t.ppmSc[nr] = Integer.parseInt(f[2]);
            t.byName.put(f[1], nr);
        });
        return t;
    }

    OptionalInt number(String name) {
        Integer nr = byName.get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** Name of a native syscall number, or null when unknown. */
    String name(int nr) {
        return nr >= 0 && nr < MAX ? names[nr] : null;
    }

    /** ppm_sc id of a native syscall number (0 = PPM_SC_UNKNOWN). */
    int ppmSc(int nr) {
        return nr >= 0 && nr < MAX ? ppmSc[nr] : 0;
    }

    Map<String, Integer> byName() {
        return Collections.unmodifiableMap(byName);
    }
}
