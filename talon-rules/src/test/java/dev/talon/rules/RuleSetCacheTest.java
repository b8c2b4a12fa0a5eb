package dev.talon.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the rules cache keeps, when it answers, and that a damaged or missing entry only costs a load. */
class RuleSetCacheTest {
    private static final String RULES = """
            - macro: opened
              condition: evt.type in (open, openat)
            - rule: opened etc
              desc: d
              condition: opened and fd.name startswith /etc
              output: "%fd.name"
              priority: WARNING
            """;

    @TempDir
    Path dir;

    private List<Path> entries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bin")).toList();
        }
    }

    private static RuleSet load(RuleSetCache cache, String name, String yaml) throws RuleLoadException {
        return new RuleLoader().add(name, yaml).load(cache);
    }

    @Test
    void aLoadIsKeptAndTheSameFilesAreReadBack() throws Exception {
        RuleSetCache cache = new RuleSetCache(dir, "build-1");
        RuleSet first = load(cache, "a.yaml", RULES);
        assertThat(entries()).hasSize(1);
        assertThat(load(cache, "a.yaml", RULES)).isEqualTo(first);
        // that it came from the entry, not a load: put another rule set in its place
        RuleSet other = new RuleLoader().add("b.yaml", RULES.replace("/etc", "/root")).load();
        Files.write(entries().getFirst(), RuleSetCodec.encode(other));
        assertThat(load(cache, "a.yaml", RULES)).isEqualTo(other);
    }

    @Test
    void anotherFileNameContentOrBuildIsAnotherEntry() throws Exception {
        load(new RuleSetCache(dir, "build-1"), "a.yaml", RULES);
        load(new RuleSetCache(dir, "build-1"), "b.yaml", RULES);
        load(new RuleSetCache(dir, "build-1"), "a.yaml", RULES + "\n");
        load(new RuleSetCache(dir, "build-2"), "a.yaml", RULES);
        assertThat(entries()).hasSize(4);
    }

    @Test
    void failedLoadsAndUnreadableFilesAreNotKept() throws Exception {
        RuleSetCache cache = new RuleSetCache(dir, "build-1");
        assertThatThrownBy(() -> load(cache, "bad.yaml", RULES.replace("opened and", "undefined_macro and")))
                .isInstanceOf(RuleLoadException.class);
        assertThatThrownBy(() -> new RuleLoader().addFile(dir.resolve("missing.yaml")).load(cache))
                .isInstanceOf(RuleLoadException.class).hasMessageContaining("LOAD_ERR_FILE_READ");
        assertThat(entries()).isEmpty();
    }

    @Test
    void aDamagedEntryIsLoadedAgainAndReplaced() throws Exception {
        RuleSetCache cache = new RuleSetCache(dir, "build-1");
        RuleSet set = load(cache, "a.yaml", RULES);
        Path entry = entries().getFirst();
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(load(cache, "a.yaml", RULES)).isEqualTo(set);
        assertThat(Files.readAllBytes(entry)).isEqualTo(bytes);
    }

    @Test
    void withoutABuildIdentityNothingIsKept() throws Exception {
        RuleSet set = load(new RuleSetCache(dir, null), "a.yaml", RULES);
        assertThat(set.rules()).hasSize(1);
        assertThat(entries()).isEmpty();
        // the tests' own classes come from a directory, not a jar: no identity
        assertThat(RuleSetCache.build()).isNull();
    }

    @Test
    void atMostKeptEntriesStay() throws Exception {
        RuleSetCache cache = new RuleSetCache(dir, "build-1");
        for (int i = 0; i < RuleSetCache.KEPT + 3; i++) load(cache, "a" + i + ".yaml", RULES);
        assertThat(entries()).hasSize(RuleSetCache.KEPT);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void anUnwritableDirectoryOnlyMeansNoEntry() throws Exception {
        Path file = dir.resolve("not-a-directory");
        Files.writeString(file, "x");
        RuleSet set = load(new RuleSetCache(file, "build-1"), "a.yaml", RULES);
        assertThat(set.rules()).hasSize(1);
    }

    @Test
    void anEntryOthersCouldHaveWrittenIsNotRead() throws Exception {
        RuleSetCache cache = new RuleSetCache(dir, "build-1");
        RuleSet set = load(cache, "a.yaml", RULES);
        Path entry = entries().getFirst();
        RuleSet other = new RuleLoader().add("b.yaml", RULES.replace("/etc", "/root")).load();
        Files.write(entry, RuleSetCodec.encode(other));
        Files.setPosixFilePermissions(entry, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(load(cache, "a.yaml", RULES)).isEqualTo(set); // loaded, and the entry written again, private
        assertThat(load(cache, "a.yaml", RULES)).isEqualTo(set);
        assertThat(Files.getPosixFilePermissions(entries().getFirst())).doesNotContain(
                java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    }
}
