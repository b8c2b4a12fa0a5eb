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

/**
 * Native x86_64 syscall numbers with their names and ppm_sc ids, as generated next to the probe at
 * build time (bpf/syscalls.tsv: nr, name, ppm_sc) from unistd_64.h and talon-event's schema.
 */
final class SyscallTable {
    static final String RESOURCE = "/bpf/syscalls.tsv";
    /** Size of the probe's per-syscall maps (TALON_SYSCALL_MAX in the generated header). */
    static final int MAX = 512;

    private final Map<String, Integer> byName;
    private final String[] names = new String[MAX];
    private final int[] ppmSc = new int[MAX];

    private SyscallTable(Map<String, Integer> byName) {
        this.byName = byName;
    }

    static SyscallTable load() {
        try (InputStream in = SyscallTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the talon-driver jar (probe build skipped?)");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SyscallTable parse(BufferedReader r) throws IOException {
        SyscallTable t = new SyscallTable(new LinkedHashMap<>());
        Arrays.fill(t.ppmSc, 0);
        String line = r.readLine(); // header
        int lineNo = 1;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 3) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": expected 3 tab-separated columns");
            }
            int nr = Integer.parseInt(f[0]);
            if (nr < 0 || nr >= MAX) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": syscall number " + nr + " out of range");
            }
            t.names[nr] = f[1];
            t.ppmSc[nr] = Integer.parseInt(f[2]);
            t.byName.put(f[1], nr);
        }
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
