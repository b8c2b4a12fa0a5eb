import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step: rewrites the class files of a jar whose version is older than Java 6 (50) as Java 8 (52)
 * class files with stack maps, in place.
 *
 * <p>Why: picocli ships Java 5 class files. The JVM's AOT cache (JEP 483) skips every class older than
 * version 50, and such classes go through the slow type-inferencing verifier at each start, so picocli alone
 * cost ~150 ms of every {@code talon} start-up. The ClassFile API regenerates the stack maps; the bytecode is
 * unchanged, so behaviour is identical. Run as {@code java UpgradeClassFiles.java JAR}.
 */
public final class UpgradeClassFiles {
    private static final int MIN_MAJOR = 50, TARGET_MAJOR = 52;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Map<String, byte[]> classes = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        classes.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        // stack maps need the class hierarchy: the jar's own classes first, then the JDK's
        ClassHierarchyResolver resolver = ClassHierarchyResolver.ofResourceParsing(desc -> {
            byte[] b = classes.get(internalName(desc) + ".class");
            return b == null ? null : new java.io.ByteArrayInputStream(b);
        }).orElse(ClassHierarchyResolver.defaultResolver());
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver),
                ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (ZipFile zip = new ZipFile(jar.toFile());
             OutputStream os = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] data;
                try (InputStream in = zip.getInputStream(entry)) {
                    data = in.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && major(data) < MIN_MAJOR) {
                    ClassModel model = cf.parse(data);
                    // every method body is re-emitted (not copied as it was) so that its stack maps are generated
                    ClassTransform version = (builder, element) -> {
                        if (element instanceof ClassFileVersion) {
                            builder.withVersion(TARGET_MAJOR, 0);
                        } else {
                            builder.with(element);
                        }
                    };
                    data = cf.transformClass(model,
                            ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(version));
                    // the JDK's own verifier over the result: a bad stack map fails the build, not a user's start
                    List<VerifyError> errors = cf.verify(data);
                    if (!errors.isEmpty()) {
                        throw new IllegalStateException(entry.getName() + " does not verify after the upgrade: "
                                + errors.getFirst().getMessage());
                    }
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("upgraded " + upgraded + " class files of " + jar.getFileName() + " to version " + TARGET_MAJOR);
    }

    private static int major(byte[] classFile) {
        return classFile.length < 8 ? Integer.MAX_VALUE : ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    private static String internalName(ClassDesc desc) {
        String d = desc.descriptorString();
        return d.substring(1, d.length() - 1);
    }
}
