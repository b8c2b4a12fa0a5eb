package dev.talon.inspect.format;

import dev.talon.event.EventView;
import dev.talon.inspect.codegen.OneMethodClass;
import dev.talon.inspect.field.Field;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * Turns a parsed {@code -p} format into one generated class whose {@code append} method writes the literals
 * and calls every field's {@link Field#appendTo} on a constant, in the format's order.
 *
 * <p>Why: in {@link OutputFormat}'s loop the calls to the fields are one call site that sees every field class
 * of the format (eight in sysdig's default line), so the JIT makes a virtual dispatch of each and inlines
 * none (8% of a default-format run in a profile). Here each field has its own call site on a class-data
 * constant of a known class, which the JIT binds and can inline. The output is the loop's, byte for byte
 * ({@code -Dtalon.format.codegen=false} runs the loop, for comparing the two).
 */
final class FormatGenerator {
    private FormatGenerator() {}

    /**
     * Formats with more fields than this keep the loop: the JIT does not compile methods over 8000 bytecode
     * bytes, and a field with a width takes about 40.
     */
    static final int MAX_FIELDS = 150;

    /** One format's line writer, as {@link OutputFormat#append} defines it. */
    interface Line {
        boolean append(StringBuilder sb, EventView e);
    }

    static boolean enabled() {
        return !"false".equals(System.getProperty("talon.format.codegen"));
    }

    private static final ClassDesc CD_LINE = OneMethodClass.desc(Line.class);
    private static final ClassDesc CD_VIEW = OneMethodClass.desc(EventView.class);
    private static final ClassDesc CD_FIELD = OneMethodClass.desc(Field.class);
    private static final ClassDesc CD_SB = OneMethodClass.desc(StringBuilder.class);
    private static final ClassDesc CD_FORMAT = OneMethodClass.desc(OutputFormat.class);
    private static final ClassDesc CD_GENERATED = ClassDesc.of(FormatGenerator.class.getPackageName() + ".GeneratedFormat");

    /** Line.append and Field.appendTo alike. */
    private static final MethodTypeDesc MT_APPEND = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_SB, CD_VIEW);
    private static final MethodTypeDesc MT_SB_APPEND = MethodTypeDesc.of(CD_SB, ConstantDescs.CD_String);
    private static final MethodTypeDesc MT_LENGTH = MethodTypeDesc.of(ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_SET_LENGTH = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_FIT = MethodTypeDesc.of(ConstantDescs.CD_void, CD_SB, ConstantDescs.CD_int,
            ConstantDescs.CD_int);

    /**
     * The generated writer of a format: {@code literals[k]} before field k, the last literal after the last
     * field, {@code widths[k]} (0: none) the column width of field k, {@code all} for a {@code *} format.
     */
    static Line generate(String[] literals, Field[] fields, int[] widths, boolean all) {
        byte[] bytes = OneMethodClass.build(CD_GENERATED, CD_LINE, "append", MT_APPEND,
                code -> body(code, literals, fields, widths, all));
        return OneMethodClass.define(MethodHandles.lookup(), bytes, List.of(fields), Line.class, "an output format",
                "talon.format.codegen");
    }

    private static void body(CodeBuilder b, String[] literals, Field[] fields, int[] widths, boolean all) {
        int sb = b.parameterSlot(0);
        int event = b.parameterSlot(1);
        int mark = b.allocateLocal(TypeKind.INT);
        int start = b.allocateLocal(TypeKind.INT);
        b.aload(sb).invokevirtual(CD_SB, "length", MT_LENGTH).istore(mark);
        for (int k = 0; k < fields.length; k++) {
            literal(b, sb, literals[k]);
            if (widths[k] > 0) b.aload(sb).invokevirtual(CD_SB, "length", MT_LENGTH).istore(start);
            b.ldc(DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, CD_FIELD, k));
            b.aload(sb).aload(event).invokevirtual(CD_FIELD, "appendTo", MT_APPEND);
            Label has = b.newLabel();
            b.ifne(has);
            if (all) {
                literal(b, sb, "<NA>");
            } else {
                // no line at all (sysdig's rule for formats without '*'): take back what this line wrote
                b.aload(sb).iload(mark).invokevirtual(CD_SB, "setLength", MT_SET_LENGTH);
                b.iconst_0().ireturn();
            }
            b.labelBinding(has);
            if (widths[k] > 0) {
                b.aload(sb).iload(start).ldc(widths[k]).invokestatic(CD_FORMAT, "fit", MT_FIT);
            }
        }
        literal(b, sb, literals[fields.length]);
        b.iconst_1().ireturn();
    }

    private static void literal(CodeBuilder b, int sb, String text) {
        if (text.isEmpty()) return;
        b.aload(sb).ldc(text).invokevirtual(CD_SB, "append", MT_SB_APPEND).pop();
    }
}
