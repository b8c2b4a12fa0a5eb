package dev.talon.driver;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Static 32-bit x86 executables, assembled here byte by byte so tests need no 32-bit toolchain: they make
 * their calls with {@code int 0x80} (the ia32 numbering and registers) and exit 0. Shared with other
 * modules' tests through talon-driver's test jar.
 */
public final class Ia32Program {
    /** The position {@link #fileAndSocketCalls} passes to pread64: both 32-bit halves non-zero. */
    public static final long PREAD_POS = 1L << 32 | 5;
    static final int NR_EXIT = 1, NR_WRITE = 4, NR_OPEN = 5, NR_CLOSE = 6, NR_SOCKETCALL = 102, NR_WRITEV = 146,
            NR_PREAD64 = 180;
    static final int SYS_SOCKET = 1, SYS_CONNECT = 3;
    private static final int O_RDONLY = 0, O_WRONLY = 01, O_CREAT = 0100, O_TRUNC = 01000;
    private static final int BASE = 0x0804_8000;
    private static final int EHDR = 52, PHDR = 32;

    private Ia32Program() {}

    /**
     * On the file {@code path}: open(O_WRONLY|O_CREAT|O_TRUNC, 0644), write("hi"), writev of one iovec
     * ("hi"), pread64 at {@link #PREAD_POS} (EBADF on a write-only fd), close; then through socketcall, as
     * i386 glibc makes socket calls: socket(AF_INET, SOCK_STREAM) and a connect of it to 127.0.0.1:{@code port}.
     */
    public static byte[] fileAndSocketCalls(String path, int port) {
        byte[] pathBytes = (path + "\0").getBytes(StandardCharsets.UTF_8);
        int dataLen = pathBytes.length + 4 + 8 + 12 + 12 + 16;
        return elf(dataLen, at -> {
            int pathAt = at, dataAt = pathAt + pathBytes.length, iovAt = dataAt + 4; // "hi" padded to 4 bytes
            int socketArgsAt = iovAt + 8, connectArgsAt = socketArgsAt + 12, sockaddrAt = connectArgsAt + 12;
            Asm a = new Asm();
            a.mov(Asm.EAX, NR_OPEN).mov(Asm.EBX, pathAt).mov(Asm.ECX, O_WRONLY | O_CREAT | O_TRUNC)
                    .mov(Asm.EDX, 0644).syscall();
            a.movEbxEax(); // the fd stays in ebx for the calls below
            a.mov(Asm.EAX, NR_WRITE).mov(Asm.ECX, dataAt).mov(Asm.EDX, 2).syscall();
            a.mov(Asm.EAX, NR_WRITEV).mov(Asm.ECX, iovAt).mov(Asm.EDX, 1).syscall();
            a.mov(Asm.EAX, NR_PREAD64).mov(Asm.ECX, dataAt).mov(Asm.EDX, 2)
                    .mov(Asm.ESI, (int) PREAD_POS).mov(Asm.EDI, (int) (PREAD_POS >>> 32)).syscall();
            a.mov(Asm.EAX, NR_CLOSE).syscall();
            a.mov(Asm.EAX, NR_SOCKETCALL).mov(Asm.EBX, SYS_SOCKET).mov(Asm.ECX, socketArgsAt).syscall();
            a.storeEax(connectArgsAt); // the new socket is connect's first argument
            a.mov(Asm.EAX, NR_SOCKETCALL).mov(Asm.EBX, SYS_CONNECT).mov(Asm.ECX, connectArgsAt).syscall();
            exit(a);
            ByteBuffer d = ByteBuffer.allocate(dataLen).order(ByteOrder.LITTLE_ENDIAN);
            d.put(pathBytes).put("hi\0\0".getBytes(StandardCharsets.US_ASCII)).putInt(dataAt).putInt(2);
            d.putInt(2).putInt(1).putInt(0); // socket(AF_INET, SOCK_STREAM, 0)
            d.putInt(-1).putInt(sockaddrAt).putInt(16); // connect(fd, &sockaddr, 16): fd stored by the code
            d.putShort((short) 2).order(ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(0x7F00_0001)
                    .order(ByteOrder.LITTLE_ENDIAN).putLong(0); // struct sockaddr_in: port and address in network order
            return new byte[][] {a.bytes(), d.array()};
        });
    }

    /** open({@code path}, O_RDONLY), then exit: a 32-bit program reading a file. */
    public static byte[] opensForReading(String path) {
        byte[] pathBytes = (path + "\0").getBytes(StandardCharsets.UTF_8);
        return elf(pathBytes.length, at -> {
            Asm a = new Asm();
            a.mov(Asm.EAX, NR_OPEN).mov(Asm.EBX, at).mov(Asm.ECX, O_RDONLY).mov(Asm.EDX, 0).syscall();
            exit(a);
            return new byte[][] {a.bytes(), pathBytes};
        });
    }

    private static void exit(Asm a) {
        a.mov(Asm.EAX, NR_EXIT).mov(Asm.EBX, 0).syscall();
    }

    /**
     * An ELF file of one read/write/execute segment: the code, then dataLen bytes of data. program maps the
     * data's address to {code, data}; its code length must not depend on the address (imm32 operands).
     */
    private static byte[] elf(int dataLen, IntFunction<byte[][]> program) {
        int codeLen = program.apply(0)[0].length;
        byte[][] p = program.apply(BASE + EHDR + PHDR + codeLen);
        int size = EHDR + PHDR + codeLen + dataLen;
        ByteBuffer f = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header: ELFCLASS32, little endian, ET_EXEC, EM_386, entry right after the program header
        f.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        f.putShort((short) 2).putShort((short) 3).putInt(1).putInt(BASE + EHDR + PHDR).putInt(EHDR).putInt(0)
                .putInt(0).putShort((short) EHDR).putShort((short) PHDR).putShort((short) 1)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        // one PT_LOAD segment, read/write/execute, mapping the whole file at BASE
        f.putInt(1).putInt(0).putInt(BASE).putInt(BASE).putInt(size).putInt(size).putInt(7).putInt(0x1000);
        f.put(p[0]).put(p[1]);
        return f.array();
    }

    /** The few i386 instructions the programs need. */
    private static final class Asm {
        static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESI = 6, EDI = 7;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Asm mov(int reg, int imm) { // mov r32, imm32: B8+r id
            out.write(0xB8 + reg);
            imm32(imm);
            return this;
        }

        Asm storeEax(int address) { // mov [address], eax: A3 moffs32
            out.write(0xA3);
            imm32(address);
            return this;
        }

        Asm movEbxEax() { // mov ebx, eax
            out.write(0x89);
            out.write(0xC3);
            return this;
        }

        Asm syscall() { // int 0x80
            out.write(0xCD);
            out.write(0x80);
            return this;
        }

        private void imm32(int v) {
            for (int i = 0; i < 4; i++) out.write(v >>> (8 * i));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
