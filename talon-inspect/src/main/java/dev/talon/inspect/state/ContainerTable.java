package dev.talon.inspect.state;

import java.util.HashMap;
import java.util.Map;

/**
 * Containers described by the capture's container events (libsinsp's container JSON): id → flat
 * attributes (name, image, imagerepo, imagetag, imageid, imagedigest, ip, privileged...) and labels.
 * Bounded like the other tables.
 */
public final class ContainerTable {
    static final int MAX_CONTAINERS = 1 << 12;

    /** One container's attributes as strings (numbers and booleans in their JSON spelling). */
    public static final class Container {
        private final Map<String, String> attrs;
        private final Map<String, String> labels;
        /** The "ip" attribute as an int, first octet highest; 0 when absent or not a dotted quad. */
        final int ipv4;

        Container(Map<String, String> attrs, Map<String, String> labels) {
            this.attrs = attrs;
            this.labels = labels;
            this.ipv4 = dottedQuad(attrs.get("ip"));
        }

        public String get(String key) {
            return attrs.get(key);
        }

        public boolean has(String key) {
            return attrs.containsKey(key);
        }

        public String label(String key) {
            return labels.get(key);
        }

        /** Creation time in ns since the epoch, 0 when unknown. */
        public long createdNs() {
            String v = attrs.get("created_time");
            if (v == null) return 0;
            try {
                return Long.parseLong(v) * 1_000_000_000L;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    private final Map<String, Container> byId = new HashMap<>();

    /** libsinsp's container type names, by the numeric "type" of the container JSON. */
    static String typeName(String number) {
        return switch (number == null ? "" : number) {
            case "0" -> "docker";
            case "1" -> "lxc";
            case "2" -> "libvirt-lxc";
            case "3" -> "mesos";
            case "4" -> "rkt";
            case "5" -> "custom";
            case "6" -> "cri";
            case "7" -> "containerd";
            case "8" -> "cri-o";
            case "9" -> "bpm";
            default -> null;
        };
    }

    public Container get(String id) {
        return byId.get(id);
    }

    /** Whether some known container has this IPv4 address (first octet highest). */
    boolean anyHasIpv4(int addr) {
        for (Container c : byId.values()) if (c.ipv4 == addr) return true;
        return false;
    }

    static int dottedQuad(String s) {
        if (s == null) return 0;
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return 0;
        int v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) return 0;
            int octet = Integer.parseInt(part);
            if (octet > 255) return 0;
            v = (v << 8) | octet;
        }
        return v;
    }

    /**
     * Parses one container event's JSON ({"container":{...}}) and returns the container's id; malformed JSON
     * is ignored (no state, null).
     */
    public String addJson(String json) {
        try {
            MiniJson p = new MiniJson(json);
            Object root = p.value();
            if (!(root instanceof Map<?, ?> m) || !(m.get("container") instanceof Map<?, ?> c)) return null;
            Map<String, String> attrs = new HashMap<>();
            Map<String, String> labels = new HashMap<>();
            for (var en : c.entrySet()) {
                Object v = en.getValue();
                String k = String.valueOf(en.getKey());
                if (k.equals("labels") && v instanceof Map<?, ?> lm) {
                    for (var l : lm.entrySet()) labels.put(String.valueOf(l.getKey()), bytes(l.getValue()));
                } else if (v instanceof String || v instanceof Boolean || v instanceof Number) {
                    attrs.put(k, bytes(v));
                }
            }
            String id = attrs.get("id");
            if (id == null || (byId.size() >= MAX_CONTAINERS && !byId.containsKey(id))) return id;
            byId.put(id, new Container(attrs, labels));
            return id;
        } catch (IllegalArgumentException malformed) {
            // a damaged container event only loses container metadata
            return null;
        }
    }

    /** A JSON value (Unicode) as the bytes fields hold it (one char per byte, see ByteText). */
    private static String bytes(Object jsonValue) {
        return dev.talon.event.ByteText.fromUnicode(String.valueOf(jsonValue));
    }

    /** Just enough JSON for container events: objects, arrays, strings, numbers, true/false/null. */
    static final class MiniJson {
        private final String s;
        private int i;
        private int depth;

        MiniJson(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            if (i >= s.length()) throw new IllegalArgumentException("end of JSON");
            char c = s.charAt(i);
            if (++depth > 64) throw new IllegalArgumentException("JSON nested too deeply");
            try {
                if (c == '{') return object();
                if (c == '[') return array();
                if (c == '"') return string();
                if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
                if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
                if (s.startsWith("null", i)) { i += 4; return null; }
                int start = i;
                while (i < s.length() && "+-.0123456789eE".indexOf(s.charAt(i)) >= 0) i++;
                if (start == i) throw new IllegalArgumentException("bad JSON at " + i);
                String n = s.substring(start, i);
                try {
                    return Long.parseLong(n);
                } catch (NumberFormatException e) {
                    return Double.parseDouble(n);
                }
            } finally {
                depth--;
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new HashMap<>();
            i++;
            ws();
            if (peek() == '}') { i++; return m; }
            while (true) {
                ws();
                String k = string();
                ws();
                expect(':');
                m.put(k, value());
                ws();
                if (peek() == ',') { i++; continue; }
                expect('}');
                return m;
            }
        }

        private java.util.List<Object> array() {
            java.util.List<Object> l = new java.util.ArrayList<>();
            i++;
            ws();
            if (peek() == ']') { i++; return l; }
            while (true) {
                l.add(value());
                ws();
                if (peek() == ',') { i++; continue; }
                expect(']');
                return l;
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new IllegalArgumentException("unterminated JSON string");
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c != '\\') { sb.append(c); continue; }
                if (i >= s.length()) throw new IllegalArgumentException("bad escape");
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) throw new IllegalArgumentException("bad \\u escape");
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at " + i);
            i++;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
