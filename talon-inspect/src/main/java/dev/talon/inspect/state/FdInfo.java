package dev.talon.inspect.state;

/**
 * One open file descriptor as libsinsp models it: the scap fd type, the l4 protocol for sockets and the
 * display name ({@code /etc/passwd}, {@code 1.2.3.4:5->6.7.8.9:80}, ...). Rendered in evt.info as
 * {@code fd(<tag>name)}, where the tag is {@link #typeChar()} plus the l4 letter for sockets.
 */
public final class FdInfo {
    // scap_fd_type values (file-format spec, section 7)
    public static final int UNKNOWN = 0, FILE = 1, DIRECTORY = 2, IPV4_SOCK = 3, IPV6_SOCK = 4, IPV4_SERVSOCK = 5,
            IPV6_SERVSOCK = 6, FIFO = 7, UNIX_SOCK = 8, EVENT = 9, UNSUPPORTED = 10, SIGNALFD = 11, EVENTPOLL = 12,
            INOTIFY = 13, TIMERFD = 14, NETLINK = 15, FILE_V2 = 16, BPF = 17, USERFAULTFD = 18, IOURING = 19,
            MEMFD = 20, PIDFD = 21;
    // scap l4 protocol values
    public static final int L4_UNKNOWN = 0, L4_NA = 1, L4_TCP = 2, L4_UDP = 3, L4_ICMP = 4, L4_RAW = 5;

    final int type;
    int l4;
    /** socket type from socket() (SOCK_STREAM=1, SOCK_DGRAM=2, ...), used to guess the l4 protocol later */
    int sockType;
    String name;
    int openFlags;
    /** socket endpoints: client address in [0,16), server address in [16,32); null when unknown */
    byte[] addr;
    /** 4 or 16 */
    int ipLen;
    int cport, sport;
    /** ROLE_CLIENT when this process connected, ROLE_SERVER when it accepted or listens */
    int role;
    public static final int ROLE_NONE = 0, ROLE_CLIENT = 1, ROLE_SERVER = 2;
    /** device and inode of files (open exits of newer drivers) */
    long dev, ino;
    /** the name as the syscall gave it, before resolution against the cwd (fd.nameraw) */
    String nameRaw;
    private String tag; // "<f>", "<4t>", ... cached

    public FdInfo(int type, String name) {
        this.type = type;
        this.name = name == null ? "" : name;
    }

    public int type() {
        return type;
    }

    public String name() {
        return name;
    }

    public int l4() {
        return l4;
    }

    public int openFlags() {
        return openFlags;
    }

    public boolean hasAddresses() {
        return addr != null;
    }

    public int ipLength() {
        return ipLen;
    }

    /** Byte {@code i} of the client (server = false) or server address. */
    public int addrByte(boolean server, int i) {
        return addr[(server ? 16 : 0) + i] & 0xff;
    }

    public byte[] addresses() {
        return addr;
    }

    public int clientPort() {
        return cport;
    }

    public int serverPort() {
        return sport;
    }

    public int role() {
        return role;
    }

    public long dev() {
        return dev;
    }

    public long ino() {
        return ino;
    }

    public String nameRaw() {
        return nameRaw == null ? name : nameRaw;
    }

    /** Sets the endpoints from a PT_SOCKTUPLE (client first) or, with {@code serverOnly}, a PT_SOCKADDR. */
    void endpoints(java.nio.ByteBuffer s, int at, int len, boolean serverOnly) {
        if (len < 7) return;
        int fam = Byte.toUnsignedInt(s.get(at));
        byte[] a = addr == null ? new byte[32] : addr;
        if (serverOnly) {
            if (fam == SockAddrs.AF_INET && len >= 7) {
                copy(s, at + 1, a, 16, 4);
                ipLen = 4;
                sport = SockAddrs.port(s, at + 5);
            } else if (fam == SockAddrs.AF_INET6 && len >= 19) {
                copy(s, at + 1, a, 16, 16);
                ipLen = 16;
                sport = SockAddrs.port(s, at + 17);
            } else {
                return;
            }
        } else if (fam == SockAddrs.AF_INET && len >= 13) {
            copy(s, at + 1, a, 0, 4);
            cport = SockAddrs.port(s, at + 5);
            copy(s, at + 7, a, 16, 4);
            sport = SockAddrs.port(s, at + 11);
            ipLen = 4;
        } else if (fam == SockAddrs.AF_INET6 && len >= 37) {
            if (SockAddrs.isMappedTuple(s, at, len)) {
                copy(s, at + 13, a, 0, 4);
                copy(s, at + 31, a, 16, 4);
                ipLen = 4;
            } else {
                copy(s, at + 1, a, 0, 16);
                copy(s, at + 19, a, 16, 16);
                ipLen = 16;
            }
            cport = SockAddrs.port(s, at + 17);
            sport = SockAddrs.port(s, at + 35);
        } else {
            return;
        }
        addr = a;
    }

    /** Endpoints from the capture's fd list. */
    void endpoints(byte[] client, int cport, byte[] server, int sport) {
        byte[] a = new byte[32];
        System.arraycopy(client, 0, a, 0, client.length);
        System.arraycopy(server, 0, a, 16, server.length);
        this.addr = a;
        this.ipLen = client.length;
        this.cport = cport;
        this.sport = sport;
    }

    private static void copy(java.nio.ByteBuffer s, int at, byte[] a, int off, int n) {
        s.get(at, a, off, n);
    }

    void name(String name) {
        this.name = name == null ? "" : name;
    }

    void l4(int l4) {
        this.l4 = l4;
        this.tag = null;
    }

    /** A bound or listening inet socket: it has a server end only. */
    public boolean isServerSocket() {
        return type == IPV4_SERVSOCK || type == IPV6_SERVSOCK;
    }

    public boolean isSocket() {
        return type == IPV4_SOCK || type == IPV6_SOCK || type == IPV4_SERVSOCK || type == IPV6_SERVSOCK
                || type == UNIX_SOCK || type == NETLINK;
    }

    /** libsinsp's one-letter fd type (fd.typechar). */
    public char typeChar() {
        return typeChar(type);
    }

    public static char typeChar(int type) {
        return switch (type) {
            case FILE, FILE_V2 -> 'f';
            case DIRECTORY -> 'd';
            case IPV4_SOCK, IPV4_SERVSOCK -> '4';
            case IPV6_SOCK, IPV6_SERVSOCK -> '6';
            case UNIX_SOCK -> 'u';
            case FIFO -> 'p';
            case EVENT -> 'e';
            case SIGNALFD -> 's';
            case EVENTPOLL -> 'l';
            case INOTIFY -> 'i';
            case TIMERFD -> 't';
            case NETLINK -> 'n';
            case BPF -> 'b';
            case USERFAULTFD -> 'u';
            case IOURING -> 'r';
            case MEMFD -> 'm';
            case PIDFD -> 'P';
            default -> 'o';
        };
    }

    /** {@code <f>}, {@code <4t>}: the type letter, plus the l4 letter for IP sockets whose protocol is known. */
    public String tag() {
        String t = tag;
        if (t == null) {
            int l4i = 0;
            if (type == IPV4_SOCK || type == IPV6_SOCK || type == IPV4_SERVSOCK || type == IPV6_SERVSOCK) {
                l4i = switch (l4) {
                    case L4_TCP -> 1;
                    case L4_UDP -> 2;
                    case L4_ICMP -> 3;
                    case L4_RAW -> 4;
                    default -> 0;
                };
            }
            t = sharedTag(typeChar(), l4i);
            tag = t;
        }
        return t;
    }

    /** The l4 letters of tags, by the index {@link #tag()} computes (0: none). */
    private static final String L4_LETTERS = "\0tuir";

    /**
     * One string per tag for all fds (there are a few dozen), not one per fd: every open makes a new fd.
     * Filled racily, which is safe: a String is immutable, at worst two equal ones are built.
     */
    private static final String[] TAGS = new String[128 * L4_LETTERS.length()];

    private static String sharedTag(char type, int l4i) {
        int k = type * L4_LETTERS.length() + l4i; // type letters are ASCII
        String t = k < TAGS.length ? TAGS[k] : null;
        if (t == null) {
            t = l4i == 0 ? "<" + type + ">" : "<" + type + L4_LETTERS.charAt(l4i) + ">";
            if (k < TAGS.length) TAGS[k] = t;
        }
        return t;
    }

    @Override
    public String toString() {
        return tag() + name;
    }
}
