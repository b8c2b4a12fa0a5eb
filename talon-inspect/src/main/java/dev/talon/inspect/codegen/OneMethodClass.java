package dev.talon.inspect.codegen;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.Consumer;

/**
 * A generated class of the shape every Talon code generator emits: final, implementing one interface with
 * one method, a no-argument constructor, its constants in the class data (loaded by {@code ldc} of
 * {@link ConstantDescs#BSM_CLASS_DATA_AT}), defined as a hidden class beside the generator.
 */
public final class OneMethodClass {
    private OneMethodClass() {}

    /** The descriptor of {@code c}. */
    public static ClassDesc desc(Class<?> c) {
        return c.describeConstable().orElseThrow();
    }

    /** The class file: {@code name} implements {@code iface} by {@code method} of {@code type}, whose code is {@code body}. */
    public static byte[] build(ClassDesc name, ClassDesc iface, String method, MethodTypeDesc type,
                               Consumer<CodeBuilder> body) {
        return ClassFile.of().build(name, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(iface);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                    init -> init.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME,
                            ConstantDescs.MTD_void).return_());
            cb.withMethodBody(method, type, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, body);
        });
    }

    /**
     * Defines {@code bytes} as a hidden class in the package of {@code lookup} (which must have full
     * privilege there), with {@code classData}, and returns an instance. A failure is a bug of the generator,
     * never of the user's filter or format: it says so, with the property ({@code -Dproperty=false}) that
     * turns the generator off, rather than answer differently.
     */
    public static <T> T define(MethodHandles.Lookup lookup, byte[] bytes, List<?> classData, Class<T> type,
                               String what, String property) {
        try {
            MethodHandles.Lookup hidden = lookup.defineHiddenClassWithClassData(bytes, classData, true);
            return type.cast(hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke());
        } catch (Throwable t) {
            throw new IllegalStateException("generating the code of " + what + " failed (a Talon bug; "
                    + "JAVA_TOOL_OPTIONS=-D" + property + "=false avoids it): " + t, t);
        }
    }
}
