package dev.talon.scap;

/** Block type ids of the scap file format (scap_savefile.h), including the pre-release *_INT ids. */
final class BlockType {
    static final int SHB = 0x0A0D0D0A;
    static final int MI = 0x201;
    static final int MI_INT = 0x8002ABCD;
    static final int PL_V1 = 0x202;
    static final int PL_V1_INT = 0x8000ABCD;
    static final int PL_V2 = 0x207;
    static final int PL_V2_INT = 0x8013ABCD;
    static final int PL_V3 = 0x209;
    static final int PL_V3_INT = 0x8014ABCD;
    static final int PL_V4 = 0x210;
    static final int PL_V5 = 0x211;
    static final int PL_V6 = 0x212;
    static final int PL_V7 = 0x213;
    static final int PL_V8 = 0x214;
    static final int PL_V9 = 0x215;
    static final int FDL = 0x203;
    static final int FDL_INT = 0x8001ABCD;
    static final int FDL_V2 = 0x218;
    static final int EV = 0x204;
    static final int EV_INT = 0x8010ABCD;
    static final int EVF = 0x208;
    static final int EV_V2 = 0x216;
    static final int EVF_V2 = 0x217;
    static final int EV_V2_LARGE = 0x221;
    static final int EVF_V2_LARGE = 0x222;
    static final int IL = 0x205;
    static final int IL_INT = 0x8011ABCD;
    static final int IL_V2 = 0x219;
    static final int UL = 0x206;
    static final int UL_INT = 0x8012ABCD;
    static final int UL_V2 = 0x220;

    /** Byte-order magic stored in the SHB, as read little-endian. */
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private BlockType() {}

    /** Process list version 1..9 for a PL block id, 0 if the id is not a PL block. */
    static int processListVersion(int type) {
        return switch (type) {
            case PL_V1, PL_V1_INT -> 1;
            case PL_V2, PL_V2_INT -> 2;
            case PL_V3, PL_V3_INT -> 3;
            case PL_V4 -> 4;
            case PL_V5 -> 5;
            case PL_V6 -> 6;
            case PL_V7 -> 7;
            case PL_V8 -> 8;
            case PL_V9 -> 9;
            default -> 0;
        };
    }

    static boolean isEvent(int type) {
        return switch (type) {
            case EV, EV_INT, EVF, EV_V2, EVF_V2, EV_V2_LARGE, EVF_V2_LARGE -> true;
            default -> false;
        };
    }

    /** Event blocks whose header is the 22-byte v1 ppm_evt_hdr (no nparams). */
    static boolean hasV1EventHeader(int type) {
        return type == EV || type == EV_INT || type == EVF;
    }

    /** Event blocks that carry a u32 dump-flags field after the cpu id. */
    static boolean hasDumpFlags(int type) {
        return type == EVF || type == EVF_V2 || type == EVF_V2_LARGE;
    }

    static String name(int type) {
        return switch (type) {
            case SHB -> "SHB";
            case MI, MI_INT -> "MI";
            case PL_V1, PL_V1_INT, PL_V2, PL_V2_INT, PL_V3, PL_V3_INT, PL_V4, PL_V5, PL_V6, PL_V7, PL_V8, PL_V9 ->
                "PL_V" + processListVersion(type);
            case FDL, FDL_INT -> "FDL";
            case FDL_V2 -> "FDL_V2";
            case EV, EV_INT -> "EV";
            case EVF -> "EVF";
            case EV_V2 -> "EV_V2";
            case EVF_V2 -> "EVF_V2";
            case EV_V2_LARGE -> "EV_V2_LARGE";
            case EVF_V2_LARGE -> "EVF_V2_LARGE";
            case IL, IL_INT -> "IL";
            case IL_V2 -> "IL_V2";
            case UL, UL_INT -> "UL";
            case UL_V2 -> "UL_V2";
            default -> String.format("unknown (0x%08X)", type);
        };
    }
}
