package dev.talon.rules;

import dev.talon.outputs.Priority;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collected (not yet compiled) items. Mutable while files are collected. */
final class Defs {
    private Defs() {
    }

    /** Where an item or value sits: file and 1-based line/column. */
    record Loc(String file, int line, int column) {
        static final Loc NONE = new Loc("", 0, 0);
    }

    static final class ListDef {
        final String name;
        List<String> items = new ArrayList<>();
        final int index;
        int visibility;
        Loc loc;
        boolean used;

        ListDef(String name, int index, Loc loc) {
            this.name = name;
            this.index = index;
            this.visibility = index;
            this.loc = loc;
        }
    }

    static final class MacroDef {
        final String name;
        String condition;
        Loc conditionLoc;
        final int index;
        int visibility;
        Loc loc;
        boolean used;

        MacroDef(String name, int index, Loc loc) {
            this.name = name;
            this.index = index;
            this.visibility = index;
            this.loc = loc;
        }
    }

    static final class RuleDef {
        final String name;
        final int index;
        int visibility;
        Loc loc;
        final String definingFile;
        String condition;
        Loc conditionLoc;
        String output;
        String desc;
        Priority priority;
        String source = "syscall";
        boolean enabled = true;
        Set<String> tags = new LinkedHashSet<>();
        List<ExceptionSpec> exceptions = new ArrayList<>();
        boolean warnEvttypes = true;
        boolean skipIfUnknownFilter;
        boolean capture;
        long captureDuration;

        RuleDef(String name, int index, Loc loc, String definingFile) {
            this.name = name;
            this.index = index;
            this.visibility = index;
            this.loc = loc;
            this.definingFile = definingFile;
        }
    }
}
