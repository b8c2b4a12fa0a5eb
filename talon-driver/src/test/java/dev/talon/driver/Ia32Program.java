package dev.talon.driver;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A static 32-bit x86 executable, assembled here byte by byte so the test needs no 32-bit toolchain:
 * it makes its calls with {@code int 0x80} (the ia32 numbering and registers) and exits 0. Its calls, on
 * the file {@code path}: open(O_WRONLY|O_CREAT|O_TRUNC, 0644), write("hi"), writev of one iovec ("hi"),
 * pread64 at position {@code 1 << 32 | 5} (fails with EBADF on a write-only fd), close; then through
 * socketcall, as i386 glibc makes socket calls: socket(AF_INET, SOCK_STREAM) and a connect of it to
 * 127.0.0.1:{@code port}; exit.
 */
final class Ia32Program {
    static final long PREAD_POS = 1L << 32 | 5;
    static final int NR_EXIT = 1, NR_WRITE = 4, NR_OPEN = 5, NR_CLOSE = 6, NR_SOCKETCALL = 102, NR_WRITEV = 146,
            NR_PREAD64 = 180;
    static final int SYS_SOCKET = 1, SYS_CONNECT = 3;
    private static final int BASE = 0x0804_8000;
    private static final int EHDR = 52, PHDR = 32;

    private Ia32Program() {}

    static byte[] build(String path, int port) {
        byte[] code = code(0, 0, 0, 0); // to learn its length; the addresses do not change it
        int pathAt = BASE + EHDR + PHDR + code.length;
        byte[] pathBytes = (path + "\0").getBytes(StandardCharsets.UTF_8);
        int dataAt = pathAt + pathBytes.length;
        int iovAt = dataAt + 4; // "hi" padded to 4 bytes
        int socketArgsAt = iovAt + 8;
        int connectArgsAt = socketArgsAt + 12;
        int sockaddrAt = connectArgsAt + 12;
        ByteBuffer data = ByteBuffer.allocate(pathBytes.length + 4 + 8 + 12 + 12 + 16).order(ByteOrder.LITTLE_ENDIAN);
        data.put(pathBytes).put("hi\0\0".getBytes(StandardCharsets.US_ASCII)).putInt(dataAt).putInt(2);
        data.putInt(2).putInt(1).putInt(0); // socket(AF_INET, SOCK_STREAM, 0)
        data.putInt(-1).putInt(sockaddrAt).putInt(16); // connect(fd, &sockaddr, 16): fd stored by the code
        data.putShort((short) 2).order(ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(0x7F00_0001)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(0); // struct sockaddr_in, port and address in network order
        code = code(pathAt, dataAt, iovAt, socketArgsAt);
        int size = EHDR + PHDR + code.length + data.capacity();
        ByteBuffer f = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header: ELFCLASS32, little endian, ET_EXEC, EM_386, entry right after the program header
        f.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        f.putShort((short) 2).putShort((short) 3).putInt(1).putInt(BASE + EHDR + PHDR).putInt(EHDR).putInt(0)
                .putInt(0).putShort((short) EHDR).putShort((short) PHDR).putShort((short) 1)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        // one PT_LOAD segment, read/write/execute, mapping the whole file at BASE
        f.putInt(1).putInt(0).putInt(BASE).putInt(BASE).putInt(size).putInt(size).putInt(7).putInt(0x1000);
        f.put(code).put(data.array());
        return f.array();
    }

    private static byte[] code(int path, int data, int iov, int socketArgs) {
        int connectArgs = socketArgs + 12;
        Asm a = new Asm();
        a.mov(Asm.EAX, NR_OPEN).mov(Asm.EBX, path).mov(Asm.ECX, 01 | 0100 | 01000).mov(Asm.EDX, 0644).syscall();
        a.movEbxEax(); // the fd stays in ebx for the calls below
        a.mov(Asm.EAX, NR_WRITE).mov(Asm.ECX, data).mov(Asm.EDX, 2).syscall();
        a.mov(Asm.EAX, NR_WRITEV).mov(Asm.ECX, iov).mov(Asm.EDX, 1).syscall();
        a.mov(Asm.EAX, NR_PREAD64).mov(Asm.ECX, data).mov(Asm.EDX, 2)
                .mov(Asm.ESI, (int) PREAD_POS).mov(Asm.EDI, (int) (PREAD_POS >>> 32)).syscall();
        a.mov(Asm.EAX, NR_CLOSE).syscall();
        a.mov(Asm.EAX, NR_SOCKETCALL).mov(Asm.EBX, SYS_SOCKET).mov(Asm.ECX, socketArgs).syscall();
        a.storeEax(connectArgs); // the new socket is connect's first argument
        a.mov(Asm.EAX, NR_SOCKETCALL).mov(Asm.EBX, SYS_CONNECT).mov(Asm.ECX, connectArgs).syscall();
        a.mov(Asm.EAX, NR_EXIT).mov(Asm.EBX, 0).syscall();
        return a.bytes();
    }

    /** The few i386 instructions the program needs. */
    private static final class Asm {
        static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESI = 6, EDI = 7;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Asm mov(int reg, int imm) { // mov r32, imm32: B8+r id
            out.write(0xB8 + reg);
            for (int i = 0; i < 4; i++) out.write(imm >>> (8 * i));
            return this;
        }

        Asm storeEax(int address) { // mov [address], eax: A3 moffs32
            out.write(0xA3);
            for (int i = 0; i < 4; i++) out.write(address >>> (8 * i));
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

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
