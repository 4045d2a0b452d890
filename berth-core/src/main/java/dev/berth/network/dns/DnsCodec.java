package dev.berth.network.dns;

import dev.berth.network.dns.DnsMessage.Question;
import dev.berth.network.dns.DnsMessage.RData;
import dev.berth.network.dns.DnsMessage.ResourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DNS wire format (RFC 1035 §4): decoding follows compression pointers, encoding writes them for repeated
 * name suffixes. Decoding trusts nothing: every length, count and pointer is checked against the packet, and a
 * pointer must go backwards, so a hostile packet ends in {@link MalformedDnsException}, never in a loop or an
 * index error. Messages this server forwards are relayed as the bytes they came in, never re-encoded, so the
 * {@link RData.Opaque} data of other types (which may hold compressed names) is never written elsewhere.
 */
final class DnsCodec {
  private static final int HEADER = 12;
  private static final int MAX_NAME = 255;
  private static final int MAX_LABEL = 63;

  private DnsCodec() {}

  /** A packet that is not a DNS message this server can read. */
  static final class MalformedDnsException extends Exception {
    MalformedDnsException(String message) {
      super(message);
    }
  }

  static DnsMessage decode(byte[] packet, int length) throws MalformedDnsException {
    if (length < HEADER || length > packet.length) throw new MalformedDnsException("DNS message shorter than its header: " + length + " bytes");
    Reader in = new Reader(packet, length);
    int id = in.u16();
    int flags = in.u16();
    int qd = in.u16();
    int an = in.u16();
    int ns = in.u16();
    int ar = in.u16();
    List<Question> questions = new ArrayList<>();
    for (int i = 0; i < qd; i++) questions.add(new Question(in.name(), in.u16(), in.u16()));
    return new DnsMessage(id, flags, questions, records(in, an), records(in, ns), records(in, ar));
  }

  private static List<ResourceRecord> records(Reader in, int count) throws MalformedDnsException {
    List<ResourceRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = in.name();
      int type = in.u16();
      int dnsClass = in.u16();
      long ttl = in.u32();
      int rdLength = in.u16();
      int end = in.pos + rdLength;
      if (end > in.length) throw new MalformedDnsException("DNS record data runs past the message end");
      RData data = switch (type) {
        case DnsMessage.TYPE_A -> {
          if (rdLength != 4) throw new MalformedDnsException("DNS A record with " + rdLength + " data bytes");
          yield new RData.Ipv4(in.ipv4());
        }
        case DnsMessage.TYPE_PTR, 2 /* NS */, 5 /* CNAME */ -> new RData.DomainName(in.name());
        default -> new RData.Opaque(in.bytes(rdLength));
      };
      if (in.pos != end) throw new MalformedDnsException("DNS record data length " + rdLength + " does not match its content");
      out.add(new ResourceRecord(name, type, dnsClass, ttl, data));
    }
    return out;
  }

  static byte[] encode(DnsMessage m) {
    Writer out = new Writer();
    out.u16(m.id());
    out.u16(m.flags());
    out.u16(m.questions().size());
    out.u16(m.answers().size());
    out.u16(m.authorities().size());
    out.u16(m.additionals().size());
    for (Question q : m.questions()) {
      out.name(q.name());
      out.u16(q.type());
      out.u16(q.dnsClass());
    }
    for (List<ResourceRecord> section : List.of(m.answers(), m.authorities(), m.additionals())) {
      for (ResourceRecord r : section) out.record(r);
    }
    return out.toByteArray();
  }

  /** Splits dotted text into labels, undoing the {@code \.} and {@code \\} escapes the decoder writes. */
  static List<String> labels(String name) {
    List<String> labels = new ArrayList<>();
    StringBuilder label = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && i + 1 < name.length()) {
        label.append(name.charAt(++i));
      } else if (c == '.') {
        labels.add(label.toString());
        label.setLength(0);
      } else {
        label.append(c);
      }
    }
    if (!label.isEmpty()) labels.add(label.toString());
    return labels;
  }

  /** Reads the packet front to back; {@code pos} is the next byte. */
  private static final class Reader {
    private final byte[] buf;
    private final int length;
    private int pos;

    Reader(byte[] buf, int length) {
      this.buf = buf;
      this.length = length;
      this.pos = 0;
    }

    private void need(int n) throws MalformedDnsException {
      if (pos + n > length) throw new MalformedDnsException("DNS message ends early at byte " + pos + " of " + length);
    }

    int u16() throws MalformedDnsException {
      need(2);
      int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    long u32() throws MalformedDnsException {
      return ((long) u16() << 16) | u16();
    }

    byte[] bytes(int n) throws MalformedDnsException {
      need(n);
      byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return b;
    }

    String ipv4() throws MalformedDnsException {
      byte[] b = bytes(4);
      return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }

    /**
     * A name at {@code pos}, following compression pointers. Each pointer must point before the place the
     * reading last started from (the name's start, then each earlier target), so the targets strictly decrease
     * and a loop is impossible; {@code pos} ends after the name's first pointer or its root label.
     */
    String name() throws MalformedDnsException {
      StringBuilder text = new StringBuilder();
      int at = pos;
      int bound = pos;
      int resumeAt = -1;
      int wireLength = 1;
      while (true) {
        if (at >= length) throw new MalformedDnsException("DNS name runs past the message end");
        int len = buf[at] & 0xFF;
        if ((len & 0xC0) == 0xC0) {
          if (at + 1 >= length) throw new MalformedDnsException("DNS compression pointer cut short");
          int target = ((len & 0x3F) << 8) | (buf[at + 1] & 0xFF);
          if (target >= bound) throw new MalformedDnsException("DNS compression pointer at " + at + " does not point backwards");
          if (resumeAt < 0) resumeAt = at + 2;
          at = target;
          bound = target;
        } else if ((len & 0xC0) != 0) {
          throw new MalformedDnsException("DNS label type 0x" + Integer.toHexString(len & 0xC0) + " is not supported");
        } else if (len == 0) {
          pos = resumeAt < 0 ? at + 1 : resumeAt;
          return text.toString();
        } else {
          wireLength += len + 1;
          if (wireLength > MAX_NAME) throw new MalformedDnsException("DNS name longer than 255 bytes");
          if (at + 1 + len > length) throw new MalformedDnsException("DNS label runs past the message end");
          if (!text.isEmpty()) text.append('.');
          appendLabel(text, at + 1, len);
          at += len + 1;
        }
      }
    }

    private void appendLabel(StringBuilder text, int from, int len) {
      for (int i = from; i < from + len; i++) {
        char c = (char) (buf[i] & 0xFF);
        if (c == '.' || c == '\\') text.append('\\');
        text.append(c);
      }
    }
  }

  /** Builds a message, remembering where each name suffix was written so later names can point to it. */
  private static final class Writer {
    private byte[] buf = new byte[512];
    private int size;
    private final Map<String, Integer> suffixes = new HashMap<>();

    private void write(int b) {
      if (size == buf.length) buf = Arrays.copyOf(buf, size * 2);
      buf[size++] = (byte) b;
    }

    private void writeBytes(byte[] bytes) {
      for (byte b : bytes) write(b);
    }

    void u16(int v) {
      write(v >> 8);
      write(v);
    }

    void u32(long v) {
      u16((int) ((v >> 16) & 0xFFFF));
      u16((int) (v & 0xFFFF));
    }

    void name(String name) {
      List<String> labels = labels(name);
      for (int i = 0; i < labels.size(); i++) {
        String suffix = String.join(".", labels.subList(i, labels.size())).toLowerCase(Locale.ROOT);
        Integer earlier = suffixes.get(suffix);
        if (earlier != null) {
          u16(0xC000 | earlier);
          return;
        }
        if (size < 0x4000) suffixes.put(suffix, size);
        byte[] label = labels.get(i).getBytes(StandardCharsets.ISO_8859_1);
        if (label.length == 0 || label.length > MAX_LABEL) {
          throw new IllegalArgumentException("cannot encode DNS name '" + name + "': label of " + label.length + " bytes");
        }
        write(label.length);
        writeBytes(label);
      }
      write(0);
    }

    void record(ResourceRecord r) {
      name(r.name());
      u16(r.type());
      u16(r.dnsClass());
      u32(r.ttl());
      int lengthAt = size;
      u16(0);
      switch (r.data()) {
        case RData.Ipv4 a -> {
          for (String part : a.address().split("\\.")) write(Integer.parseInt(part));
        }
        case RData.DomainName n -> name(n.name());
        case RData.Opaque o -> writeBytes(o.bytes());
      }
      int len = size - lengthAt - 2;
      buf[lengthAt] = (byte) (len >> 8);
      buf[lengthAt + 1] = (byte) len;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
