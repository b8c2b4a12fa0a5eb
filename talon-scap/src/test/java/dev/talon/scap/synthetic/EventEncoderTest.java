package dev.talon.scap.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.MetadataCollector;
import dev.talon.scap.Source;
import dev.talon.scap.ThreadEntry;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class EventEncoderTest {

    @Test
    void encodesParametersByTheirSchemaType() {
        byte[] b = EventEncoder.encode(EventTypes.PPME_SYSCALL_OPEN_X, 100, 42, 3L, "/etc/passwd", 1, 0644, 0x803, 77L);
        EventView v = new EventView().wrap(MemorySegment.ofArray(b), 0);
        assertThat(v.ts()).isEqualTo(100);
        assertThat(v.tid()).isEqualTo(42);
        assertThat(v.length()).isEqualTo(b.length);
        assertThat(v.paramCount()).isEqualTo(6);
        assertThat(v.paramAsLong(0)).isEqualTo(3);
        assertThat(v.paramString(1)).isEqualTo("/etc/passwd");
        assertThat(v.paramLength(1)).isEqualTo(12); // with the NUL
        assertThat(v.paramU32(3)).isEqualTo(0644);
        assertThat(v.paramU64(5)).isEqualTo(77);
    }

    @Test
    void nullIsAnEmptyParameterAndFewerParametersAreAnOldLayout() {
        byte[] b = EventEncoder.encode(EventTypes.PPME_SYSCALL_OPEN_X, 1, 1, -2L, null);
        EventView v = new EventView().wrap(MemorySegment.ofArray(b), 0);
        assertThat(v.paramCount()).isEqualTo(2);
        assertThat(v.paramAsLong(0)).isEqualTo(-2);
        assertThat(v.hasParam(1)).isFalse();
    }

    @Test
    void largePayloadTypesGetU32Lengths() {
        byte[] b = EventEncoder.encode(EventTypes.PPME_CONTAINER_JSON_2_E, 1, 1, "{}");
        EventView v = new EventView().wrap(MemorySegment.ofArray(b), 0);
        assertThat(v.hasLargeLengths()).isTrue();
        assertThat(b.length).isEqualTo(26 + 4 + 3);
        assertThat(v.paramString(0)).isEqualTo("{}");
    }

    @Test
    void compositeHelpersFollowTheWireLayout() {
        byte[] t = EventEncoder.socktupleInet(0x7F000001, 1234, 0x0A000002, 80);
        assertThat(t).containsExactly(2, 127, 0, 0, 1, 0xD2, 0x04, 10, 0, 0, 2, 80, 0);
        assertThat(EventEncoder.sockaddrInet(0x7F000001, 80)).containsExactly(2, 127, 0, 0, 1, 80, 0);
        assertThat(EventEncoder.sockaddrUnix("/s")).containsExactly(1, '/', 's', 0);
        assertThat(EventEncoder.fdList(new long[] {5}, new int[] {1})).containsExactly(1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    }

    @Test
    void rejectsValuesThatDoNotFit() {
        assertThatThrownBy(() -> EventEncoder.encode(EventTypes.PPME_SYSCALL_CLOSE_E, 1, 1, 3L, 4L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 1 parameters, got 2");
        assertThatThrownBy(() -> EventEncoder.encode(EventTypes.PPME_SYSCALL_CLOSE_E, 1, 1, "three"))
                .hasMessageContaining("is PT_FD: cannot encode a String");
        assertThatThrownBy(() -> EventEncoder.encode(EventTypes.EVENT_MAX, 1, 1))
                .hasMessageContaining("unknown event type 454");
    }

    @Test
    void syntheticSourceReplaysEventsAndMetadata() throws Exception {
        ThreadEntry cat = ThreadEntry.builder().tid(7).pid(7).comm("cat").build();
        MetadataCollector m = new MetadataCollector();
        Source src = SyntheticSource.builder().thread(cat)
                .eventOnCpu(3, EventTypes.PPME_SYSCALL_CLOSE_E, 10, 7, 4L)
                .raw(1, 1, EventEncoder.encode(EventTypes.PPME_SYSCALL_CLOSE_X, 11, 7, 0L))
                .open(m);
        assertThat(m.threads()).containsExactly(cat);
        assertThat(m.sections()).hasSize(1);
        EventView v = new EventView();
        assertThat(src.next(v)).isTrue();
        assertThat(v.cpu()).isEqualTo(3);
        assertThat(v.number()).isEqualTo(1);
        assertThat(v.paramAsLong(0)).isEqualTo(4);
        assertThat(src.next(v)).isTrue();
        assertThat(v.isStateOnly()).isTrue();
        assertThat(v.type()).isEqualTo(EventTypes.PPME_SYSCALL_CLOSE_X);
        assertThat(src.next(v)).isFalse();
        assertThat(src.position()).isEqualTo(src.size());
    }
}
