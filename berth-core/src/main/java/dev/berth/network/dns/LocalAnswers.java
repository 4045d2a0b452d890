package dev.berth.network.dns;

import dev.berth.network.dns.DnsMessage.Question;
import dev.berth.network.dns.DnsMessage.RData;
import dev.berth.network.dns.DnsMessage.ResourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides what the embedded DNS answers itself, as Docker's does, from what {@link Names} knows for the asking
 * container:
 *
 * <ul>
 *   <li>A for a container name or alias: its addresses, TTL 600;
 *   <li>AAAA (and any other type) for a container name: an empty NOERROR answer (the name exists; no IPv6 yet);
 *   <li>PTR for {@code d.c.b.a.in-addr.arpa} of an address {@link Names#reverse} knows: that name;
 *   <li>a single-label name that is no container's: NXDOMAIN here, since the world's resolvers know no
 *       single-label names and asking them would only leak the container's lookups;
 *   <li>everything else (dotted names, unknown addresses, other classes, the root): forwarded upstream.
 * </ul>
 *
 * Names are matched lower-cased and without the trailing dot; the answer repeats the question's own spelling.
 */
final class LocalAnswers {
  /** Docker's TTL for the names it answers itself. */
  static final long TTL = 600;

  private static final Pattern REVERSE_V4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.in-addr\\.arpa");

  private final Names names;

  LocalAnswers(Names names) {
    this.names = names;
  }

  /** The outcome for one query: a reply built here, or "ask the upstream resolvers". */
  sealed interface Outcome {
    record Reply(DnsMessage message) implements Outcome {}

    record Forward() implements Outcome {}
  }

  /** @param query a query with exactly one question */
  Outcome answer(String askingContainerId, DnsMessage query) {
    Question q = query.questions().getFirst();
    String name = normalise(q.name());
    if (q.dnsClass() != DnsMessage.CLASS_IN || name.isEmpty()) return new Outcome.Forward();
    if (q.type() == DnsMessage.TYPE_PTR) return reverse(askingContainerId, query, name);
    List<String> addresses = names.lookup(askingContainerId, name);
    if (addresses == null || addresses.isEmpty()) {
      return name.contains(".") ? new Outcome.Forward() : new Outcome.Reply(query.reply(DnsMessage.NXDOMAIN, List.of()));
    }
    if (q.type() != DnsMessage.TYPE_A) return new Outcome.Reply(query.reply(DnsMessage.NOERROR, List.of()));
    List<ResourceRecord> answers = new ArrayList<>();
    for (String address : addresses) {
      if (ipv4(address)) answers.add(new ResourceRecord(q.name(), DnsMessage.TYPE_A, DnsMessage.CLASS_IN, TTL, new RData.Ipv4(address)));
    }
    return new Outcome.Reply(query.reply(DnsMessage.NOERROR, answers));
  }

  private Outcome reverse(String askingContainerId, DnsMessage query, String name) {
    var m = REVERSE_V4.matcher(name);
    if (!m.matches()) return new Outcome.Forward();
    String address = m.group(4) + "." + m.group(3) + "." + m.group(2) + "." + m.group(1);
    String owner = ipv4(address) ? names.reverse(askingContainerId, address) : null;
    if (owner == null || owner.isEmpty()) return new Outcome.Forward();
    Question q = query.questions().getFirst();
    var ptr = new ResourceRecord(q.name(), DnsMessage.TYPE_PTR, DnsMessage.CLASS_IN, TTL, new RData.DomainName(owner));
    return new Outcome.Reply(query.reply(DnsMessage.NOERROR, List.of(ptr)));
  }

  /** Lower case, no trailing dot: the form {@link Names} is asked with. */
  static String normalise(String name) {
    String n = name.endsWith(".") && !name.endsWith("\\.") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }

  /** Checks the A data Names gave before it goes on the wire; the codec would fail on a bad one. */
  static boolean ipv4(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) return false;
    }
    return true;
  }
}
