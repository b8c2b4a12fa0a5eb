package dev.talon.scap;

import java.util.Objects;

/** One entry of the user list (UL block): a row of the capturing host's passwd database. */
public record UserEntry(int uid, int gid, String name, String homedir, String shell) {
    public UserEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(homedir, "homedir");
        Objects.requireNonNull(shell, "shell");
    }
}
