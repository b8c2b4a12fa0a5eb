package dev.talon.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loaded rule sets kept on disk between runs, keyed by what they were loaded from: the files' names and contents
 * in order, the engine version, this format's version and the build of Talon that compiled them (the size and
 * path, size and time of the jar the rules classes come from). A start with the same rules then reads about
 * 100 KB instead of parsing the YAML and compiling every macro and condition: for the stable rules, 25 ms in
 * place of 75-100 ms of the main thread before the first event (bench/DETECT.md).
 *
 * <p>Only successful loads are kept, so every error is reported by a real load. Entries and their directory must
 * be this user's and writable by no one else, or they are not read. Anything wrong with an entry
 * (unreadable, damaged, another version) makes it a miss; failing to write one is ignored. Only rules classes
 * loaded from a jar are cached: from a class directory (tests, a build in progress) there is no build identity.
 * At most {@link #KEPT} entries are kept, the most recently written.
 */
public final class RuleSetCache {
    static final int KEPT = 8;
    private static final String PREFIX = "rules-";
    private static final String SUFFIX = ".bin";

    private final Path dir;
    /** This build's identity (see {@link #build}); null when it cannot be cached. */
    private final String build;

    public RuleSetCache(Path dir) {
        this(dir, build());
    }

    RuleSetCache(Path dir, String build) {
        this.dir = dir;
        this.build = build;
    }

    /** The directory Talon uses: {@code $TALON_CACHE_DIR}, else {@code $XDG_CACHE_HOME/talon}, else ~/.cache/talon. */
    public static RuleSetCache standard() {
        String own = System.getenv("TALON_CACHE_DIR");
        if (own != null && !own.isEmpty()) return new RuleSetCache(Path.of(own));
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new RuleSetCache(base.resolve("talon"));
    }

    /** The build identity, or null when the rules classes do not come from a jar. */
    static String build() {
        try {
            var source = RuleSetCache.class.getProtectionDomain().getCodeSource();
            if (source == null) return null;
            Path p = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(p)) return null;
            return p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The entry's key for these sources (name, content pairs); null when this build cannot be cached. Two native
     * checksums (CRC-32 and Adler-32) over the build, the versions and each file's name, length and content, not
     * a MessageDigest: the first SHA-256 of a JVM sets up the security providers, and the key took 19 ms instead of
     * 7. Entries are a few per user, so 64 bits keep them apart.
     */
    String key(List<String[]> sources) {
        if (build == null) return null;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        java.util.function.Consumer<String> add = text -> {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            byte[] len = {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length};
            crc.update(len);
            crc.update(b);
            adler.update(len);
            adler.update(b);
        };
        add.accept("talon rule set " + RuleSetCodec.VERSION + " engine " + RuleLoader.ENGINE_VERSION);
        add.accept(build);
        for (String[] s : sources) {
            add.accept(s[0]);
            add.accept(s[1]);
        }
        return Long.toHexString(crc.getValue() << 32 | adler.getValue()); // (not String.format: slow to start)
    }

    /** The entry for {@code key}, or null. */
    RuleSet read(String key) {
        Path file = dir.resolve(PREFIX + key + SUFFIX);
        try {
            if (!Files.isRegularFile(file) || !private_(dir) || !private_(file)) return null;
            return RuleSetCodec.decode(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether only its owner, and that is this user, can change {@code p}: an entry that someone else could have
     * written (a shared TALON_CACHE_DIR) could carry any rules, so it is not read. True where the file system
     * has no POSIX permissions.
     */
    private static boolean private_(Path p) throws IOException {
        try {
            var perms = Files.getPosixFilePermissions(p);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return false;
            }
            return Files.getOwner(p).getName().equals(System.getProperty("user.name"));
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }

    /** Keeps {@code set} under {@code key}, written whole or not at all; drops the oldest entries past KEPT. */
    void write(String key, RuleSet set) {
        try {
            if (!Files.isDirectory(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made meanwhile by another start
                }
            }
            Path tmp = Files.createTempFile(dir, PREFIX, ".tmp");
            try {
                Files.write(tmp, RuleSetCodec.encode(set));
                Path file = dir.resolve(PREFIX + key + SUFFIX);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            prune();
        } catch (IOException | RuntimeException e) {
            // a cache only: the next start loads the files again
        }
    }

    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted(Comparator.comparing(RuleSetCache::modified).reversed()).toList();
        }
        for (int i = KEPT; i < entries.size(); i++) Files.deleteIfExists(entries.get(i));
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
