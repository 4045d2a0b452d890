package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Exposed-port keys in Docker's {@code "<port>/<proto>"} form; a bare port means tcp. */
final class Ports {
  private Ports() {}

  /** Validates, adds the default protocol, removes duplicates and sorts. */
  static List<String> normalize(Collection<String> ports) {
    TreeSet<String> out = new TreeSet<>();
    for (String p : ports) out.add(normalize(p));
    return List.copyOf(out);
  }

  static String normalize(String port) {
    if (port == null) throw new InvalidArgumentException("invalid exposed port: null");
    int slash = port.indexOf('/');
    String number = slash < 0 ? port : port.substring(0, slash);
    String proto = slash < 0 ? "tcp" : port.substring(slash + 1).toLowerCase(Locale.ROOT);
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw new InvalidArgumentException("invalid exposed port '" + port + "': protocol must be tcp, udp or sctp");
    }
    int n;
    try {
      n = Integer.parseInt(number);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid exposed port '" + port + "': '" + number + "' is not a port number");
    }
    if (n < 1 || n > 65535) throw new InvalidArgumentException("invalid exposed port '" + port + "': must be between 1 and 65535");
    return n + "/" + proto;
  }
}
