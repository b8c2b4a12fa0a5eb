package dev.talon.inspect.format;

import dev.talon.event.EventView;
import dev.talon.inspect.field.Field;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

    private static final ClassDesc CD_LINE = desc(Line.class);
    private static final ClassDesc CD_VIEW = desc(EventView.class);
    private static final ClassDesc CD_FIELD = desc(Field.class);
    private static final ClassDesc CD_SB = desc(StringBuilder.class);
    private static final ClassDesc CD_FORMAT = desc(OutputFormat.class);
    private static final ClassDesc CD_GENERATED = ClassDesc.of(FormatGenerator.class.getPackageName() + ".GeneratedFormat");

    private static final MethodTypeDesc MT_APPEND = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_SB, CD_VIEW);
    private static final MethodTypeDesc MT_APPEND_TO = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_SB, CD_VIEW);
    private static final MethodTypeDesc MT_SB_APPEND = MethodTypeDesc.of(CD_SB, ConstantDescs.CD_String);
    private static final MethodTypeDesc MT_LENGTH = MethodTypeDesc.of(ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_SET_LENGTH = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_FIT = MethodTypeDesc.of(ConstantDescs.CD_void, CD_SB, ConstantDescs.CD_int,
            ConstantDescs.CD_int);

    private static ClassDesc desc(Class<?> c) {
        return c.describeConstable().orElseThrow();
    }

    /**
     * The generated writer of a format: {@code literals[k]} before field k, the last literal after the last
     * field, {@code widths[k]} (0: none) the column width of field k, {@code all} for a {@code *} format.
     */
    static Line generate(String[] literals, Field[] fields, int[] widths, boolean all) {
        byte[] bytes = classBytes(literals, fields, widths, all);
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes,
                    List.of(fields), true);
            return (Line) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable t) {
            // a bug of this generator, never of the format: say so, with the way around it
            throw new IllegalStateException("generating the code of an output format failed (a Talon bug; "
                    + "JAVA_TOOL_OPTIONS=-Dtalon.format.codegen=false avoids it): " + t, t);
        }
    }

    static byte[] classBytes(String[] literals, Field[] fields, int[] widths, boolean all) {
        return ClassFile.of().build(CD_GENERATED, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(CD_LINE);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                    init -> init.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME,
                            ConstantDescs.MTD_void).return_());
            cb.withMethodBody("append", MT_APPEND, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                    code -> body(code, literals, fields, widths, all));
        });
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
            b.aload(sb).aload(event).invokevirtual(CD_FIELD, "appendTo", MT_APPEND_TO);
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
