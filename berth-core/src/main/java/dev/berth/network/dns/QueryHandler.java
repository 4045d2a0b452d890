package dev.berth.network.dns;

import dev.berth.network.dns.DnsCodec.MalformedDnsException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one query packet into the reply packet, whichever socket it came in on: local answers first, the
 * upstream resolvers otherwise. Anything that is not a readable standard query with one question is dropped
 * (null), as a server that must never be crashed or turned into a reflector by garbage should. A failure while
 * answering (a {@link Names} that throws, no upstream answer) becomes SERVFAIL. Over UDP, a reply larger than
 * the client takes goes out empty with TC set, so the client asks again over TCP.
 */
final class QueryHandler {
  private static final int OPCODE_QUERY = 0;

  private final LocalAnswers local;
  private final Forwarder forwarder;

  QueryHandler(LocalAnswers local, Forwarder forwarder) {
    this.local = local;
    this.forwarder = forwarder;
  }

  /** The reply to send, or null to send nothing. */
  byte[] handle(String askingContainerId, byte[] packet, int length, boolean tcp) {
    DnsMessage query;
    try {
      query = DnsCodec.decode(packet, length);
    } catch (MalformedDnsException e) {
      return null;
    }
    if (query.isResponse() || query.questions().size() != 1) return null;
    if (query.opcode() != OPCODE_QUERY) return encode(query.reply(DnsMessage.NOTIMP, List.of()), query, tcp);
    try {
      return switch (local.answer(askingContainerId, query)) {
        case LocalAnswers.Outcome.Reply r -> encode(r.message(), query, tcp);
        case LocalAnswers.Outcome.Forward f -> forwarded(Arrays.copyOf(packet, length), query, tcp);
      };
    } catch (RuntimeException e) {
      return encode(query.reply(DnsMessage.SERVFAIL, List.of()), query, tcp);
    }
  }

  private byte[] forwarded(byte[] raw, DnsMessage query, boolean tcp) {
    byte[] answer = forwarder.forward(raw, query, tcp);
    return answer != null ? answer : encode(query.reply(DnsMessage.SERVFAIL, List.of()), query, tcp);
  }

  private static byte[] encode(DnsMessage reply, DnsMessage query, boolean tcp) {
    byte[] bytes = DnsCodec.encode(reply);
    if (tcp || bytes.length <= query.udpLimit()) return bytes;
    return DnsCodec.encode(reply.truncatedCopy());
  }
}
