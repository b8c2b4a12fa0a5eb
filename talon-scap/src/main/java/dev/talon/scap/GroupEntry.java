package dev.talon.scap;

import java.util.Objects;

/** One group of the user list (UL block): a row of the capturing host's group database. */
public record GroupEntry(int gid, String name) {
    public GroupEntry {
        Objects.requireNonNull(name, "name");
    }
}
