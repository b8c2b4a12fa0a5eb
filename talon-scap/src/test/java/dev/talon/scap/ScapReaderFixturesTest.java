package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.event.EventView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScapReaderFixturesTest {

    static List<Fixtures.Fixture> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsEveryEventOfEveryFixture(Fixtures.Fixture f) throws Exception {
        MetadataCollector meta = new MetadataCollector();
        EventView v = new EventView();
        long n = 0;
        try (Source src = ScapReader.open(f.path(), meta)) {
            while (src.next(v)) {
                n++;
                assertThat(v.number()).isEqualTo(n);
                assertThat(v.info()).isNotNull();
                assertThat(v.paramCount()).isLessThanOrEqualTo(32);
                // every parameter lies inside the event
                if (v.paramCount() > 0) {
                    int last = v.paramCount() - 1;
                    assertThat(v.paramOffset(last) + v.paramLength(last)).isLessThanOrEqualTo(v.offset() + v.length());
                }
            }
            assertThat(src.position()).isEqualTo(src.size());
        }
        assertThat(n).as("events").isEqualTo(f.events());
        assertThat(meta.sections()).hasSize(1);
        assertThat(meta.sections().getFirst().minorVersion()).isEqualTo(Integer.parseInt(f.shb().substring(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void blockCountsMatchSources(Fixtures.Fixture f) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (BlockInput in = ScapReader.openBlocks(f.path())) {
            while (in.nextBlock()) {
                counts.merge(BlockType.name(in.type()), 1, Integer::sum);
            }
            assertThat(in.compressed()).isEqualTo(f.gzip());
        }
        assertThat(counts).isEqualTo(f.blocks());
    }
}
