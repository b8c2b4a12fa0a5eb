package dev.talon.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Event-type names come from talon-event's schema; unused codes have none. */
class EventTypeNamesTest {
    @Test
    void namesFollowTheSchema() {
        assertThat(EventTypeSet.nameOf(2)).isEqualTo("open");
        assertThat(EventTypeSet.nameOf(17)).isNull(); // PPME_PROCEXIT_X is unused
        assertThat(EventTypeSet.nameOf(10_000)).isNull();
        assertThat(EventTypeSet.all().size()).isEqualTo(419);
    }
}
