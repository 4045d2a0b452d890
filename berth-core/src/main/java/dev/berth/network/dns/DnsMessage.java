package dev.berth.network.dns;

import java.util.List;

/**
 * One DNS message (RFC 1035 §4.1) as the embedded server reads and writes it: the header's ID and flags word,
 * then the four sections. Names are dotted text without the trailing dot ({@code ""} is the root); a label that
 * holds a dot or a backslash carries it escaped ({@code \.}, {@code \\}), so a name never splits wrongly.
 *
 * @param flags the header's second 16-bit word: QR, opcode, AA, TC, RD, RA, Z and RCODE
 */
record DnsMessage(
    int id,
    int flags,
    List<Question> questions,
    List<ResourceRecord> answers,
    List<ResourceRecord> authorities,
    List<ResourceRecord> additionals) {
  static final int QR = 0x8000;
  static final int AA = 0x0400;
  static final int TC = 0x0200;
  static final int RD = 0x0100;
  static final int RA = 0x0080;

  static final int NOERROR = 0;
  static final int FORMERR = 1;
  static final int SERVFAIL = 2;
  static final int NXDOMAIN = 3;
  static final int NOTIMP = 4;
  static final int REFUSED = 5;

  static final int TYPE_A = 1;
  static final int TYPE_PTR = 12;
  static final int TYPE_AAAA = 28;
  static final int TYPE_OPT = 41;
  static final int CLASS_IN = 1;

  /** What a DNS client without EDNS can take over UDP (RFC 1035 §4.2.1). */
  static final int CLASSIC_UDP_SIZE = 512;

  DnsMessage {
    if (id < 0 || id > 0xFFFF) throw new IllegalArgumentException("DNS message id out of range: " + id);
    if (flags < 0 || flags > 0xFFFF) throw new IllegalArgumentException("DNS message flags out of range: " + flags);
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  boolean isResponse() {
    return (flags & QR) != 0;
  }

  int opcode() {
    return (flags >> 11) & 0xF;
  }

  int rcode() {
    return flags & 0xF;
  }

  boolean truncated() {
    return (flags & TC) != 0;
  }

  /**
   * The largest UDP answer the asker takes: the payload size of its EDNS OPT record (RFC 6891 §6.2.3, never
   * below 512), or 512 without one.
   */
  int udpLimit() {
    for (ResourceRecord r : additionals) {
      if (r.type() == TYPE_OPT) return Math.max(CLASSIC_UDP_SIZE, r.dnsClass());
    }
    return CLASSIC_UDP_SIZE;
  }

  /** A reply to this query, as a recursive server writes it: ID, opcode, RD and the question echoed, RA set. */
  DnsMessage reply(int rcode, List<ResourceRecord> answers) {
    int replyFlags = QR | (flags & 0x7800) | (flags & RD) | RA | (rcode & 0xF);
    return new DnsMessage(id, replyFlags, questions, answers, List.of(), List.of());
  }

  /** The same message with no records and TC set: tells a UDP client to ask again over TCP. */
  DnsMessage truncatedCopy() {
    return new DnsMessage(id, flags | TC, questions, List.of(), List.of(), List.of());
  }

  /** The question section's one entry. */
  record Question(String name, int type, int dnsClass) {
    Question {
      if (name == null) throw new IllegalArgumentException("DNS question without a name");
    }
  }

  /** A resource record; {@code ttl} is in seconds (unsigned 32-bit). */
  record ResourceRecord(String name, int type, int dnsClass, long ttl, RData data) {
    ResourceRecord {
      if (name == null || data == null) throw new IllegalArgumentException("DNS record without a name or data");
    }
  }

  /** A record's data: the kinds this server writes itself, and anything else as the bytes it came with. */
  sealed interface RData {
    /** An IPv4 address, dotted. */
    record Ipv4(String address) implements RData {}

    /** A domain name (PTR, CNAME, NS): compressed on the wire, so it is decoded rather than kept as bytes. */
    record DomainName(String name) implements RData {}

    /** Bytes of a type this server does not interpret; only safe for types whose data hold no compressed names. */
    record Opaque(byte[] bytes) implements RData {
      public Opaque {
        bytes = bytes.clone();
      }

      @Override
      public byte[] bytes() {
        return bytes.clone();
      }
    }
  }
}
