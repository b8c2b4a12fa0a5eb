package dev.talon.event;

/** How a parameter is printed (PF_*): decimal, hex, octal, padded decimal, id, or direction. */
public enum ParamFormat {
    PF_NA, PF_DEC, PF_HEX, PF_10_PADDED_DEC, PF_ID, PF_DIR, PF_OCT
}
