package dev.talon.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSchemaTest {

    @Test
    void knowsEveryEventCode() {
        assertThat(EventSchema.typeCount()).isEqualTo(454).isEqualTo(EventTypes.EVENT_MAX);
        for (int t = 0; t < EventTypes.EVENT_MAX; t++) {
            assertThat(EventSchema.info(t).code()).isEqualTo(t);
        }
        assertThat(EventSchema.info(454)).isNull();
        assertThat(EventSchema.info(-1)).isNull();
    }

    @Test
    void directionAlternatesEnterExit() {
        for (int t = 0; t < EventTypes.EVENT_MAX; t++) {
            assertThat(EventSchema.info(t).isEnter()).as("code %d", t).isEqualTo(t % 2 == 0);
        }
    }

    @Test
    void largePayloadOnlyOnPluginContainerAndAsyncEvents() {
        List<Integer> large = new ArrayList<>();
        for (int t = 0; t < EventTypes.EVENT_MAX; t++) {
            if (EventSchema.isLargePayload(t)) large.add(t);
        }
        assertThat(large).containsExactly(EventTypes.PPME_PLUGINEVENT_E, EventTypes.PPME_CONTAINER_JSON_2_E,
                EventTypes.PPME_ASYNCEVENT_E);
    }

    @Test
    void openExitHasItsParamsWithTables() {
        EventInfo open = EventSchema.info(EventTypes.PPME_SYSCALL_OPEN_X);
        assertThat(open.name()).isEqualTo("open");
        assertThat(open.dirChar()).isEqualTo('<');
        assertThat(open.paramCount()).isEqualTo(6);
        assertThat(open.param(0).name()).isEqualTo("fd");
        assertThat(open.param(0).type()).isEqualTo(ParamType.PT_FD);
        assertThat(open.param(2).flagTable().name()).isEqualTo("file_flags");
        assertThat(open.param(3).format()).isEqualTo(ParamFormat.PF_OCT);
        assertThat(open.has(EventFlags.EF_CREATES_FD)).isTrue();
        assertThat(open.category() & 0xff).isEqualTo(EventCategory.EC_FILE);
        assertThat(open.category() & EventCategory.EC_SYSCALL).isNotZero();
    }

    @Test
    void relativePathsNameTheirDirfd() {
        EventInfo openat = EventSchema.info(EventTypes.PPME_SYSCALL_OPENAT_2_X);
        int name = -1;
        for (int i = 0; i < openat.paramCount(); i++) if (openat.param(i).name().equals("name")) name = i;
        assertThat(openat.param(name).type()).isEqualTo(ParamType.PT_FSRELPATH);
        assertThat(openat.param(openat.param(name).dirfdIndex()).name()).isEqualTo("dirfd");
    }

    @Test
    void flagTablesKeepDriverOrder() {
        FlagTable t = FlagTable.byName("file_flags");
        assertThat(t.size()).isGreaterThan(10);
        boolean sawRdonly = false;
        for (int i = 0; i < t.size(); i++) if (t.symbol(i).equals("O_RDONLY")) sawRdonly = t.value(i) == 1;
        assertThat(sawRdonly).isTrue();
        assertThat(FlagTable.byName("no_such_table")).isNull();
    }

    @Test
    void dynamicAndSyscallTables() {
        EventInfo setsockopt = EventSchema.info(EventTypes.PPME_SOCKET_SETSOCKOPT_X);
        DynamicTable dyn = null;
        for (int i = 0; i < setsockopt.paramCount(); i++) {
            if (setsockopt.param(i).dynamicTable() != null) dyn = setsockopt.param(i).dynamicTable();
        }
        assertThat(dyn.name()).isEqualTo("sockopt_dynamic_param");
        assertThat(dyn.type(1)).isEqualTo(ParamType.PT_ERRNO);
        assertThat(SyscallCodes.name(3)).isEqualTo("read");
        assertThat(SyscallCodes.count()).isEqualTo(454);
        assertThat(SyscallCodes.name(100_000)).isNull();
    }

    @Test
    void paramIndexesByNameForEveryType() {
        int[] fd = EventSchema.paramIndexes("fd");
        assertThat(fd).hasSize(EventTypes.EVENT_MAX);
        assertThat(fd[EventTypes.PPME_SYSCALL_OPEN_X]).isZero();
        assertThat(fd[EventTypes.PPME_SYSCALL_CLOSE_X]).isEqualTo(1);
        assertThat(fd[EventTypes.PPME_PROCEXIT_X]).isEqualTo(-1);
        assertThat(EventSchema.paramIndexes("no such param")).containsOnly(-1);
    }

    /** The one-pass index gives, for every name of the schema, the first parameter of that name per type. */
    @Test
    void paramIndexesAgreeWithAScanOfEveryType() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (int t = 0; t < EventSchema.typeCount(); t++) {
            EventInfo info = EventSchema.info(t);
            for (int i = 0; i < info.paramCount(); i++) names.add(info.param(i).name());
        }
        assertThat(names).hasSizeGreaterThan(100);
        for (String name : names) {
            int[] got = EventSchema.paramIndexes(name);
            for (int t = 0; t < got.length; t++) {
                EventInfo info = EventSchema.info(t);
                int first = -1;
                for (int i = 0; i < info.paramCount() && first < 0; i++) {
                    if (info.param(i).name().equals(name)) first = i;
                }
                assertThat(got[t]).as(name + " in " + info.name()).isEqualTo(first);
            }
            got[0] = 99; // callers own their copy
            assertThat(EventSchema.paramIndexes(name)[0]).isNotEqualTo(99);
        }
    }
}
