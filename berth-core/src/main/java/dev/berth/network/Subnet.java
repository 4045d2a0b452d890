package dev.berth.network;

import dev.berth.errors.InvalidArgumentException;

/**
 * An IPv4 subnet in CIDR form ({@code 10.89.0.0/24}); the network address is normalised (host bits cleared).
 * Addresses are handled as unsigned 32-bit values in a long.
 */
public record Subnet(long network, int prefixLength) {
  public Subnet {
    if (prefixLength < 8 || prefixLength > 30) {
      throw new InvalidArgumentException("invalid subnet: prefix length /" + prefixLength + " (want /8 to /30)");
    }
    network = network & mask(prefixLength);
  }

  /** Parses {@code a.b.c.d/n}; InvalidArgumentException naming the text when malformed. */
  public static Subnet parse(String cidr) {
    int slash = cidr == null ? -1 : cidr.indexOf('/');
    if (slash < 0) throw new InvalidArgumentException("invalid subnet " + cidr + ": want CIDR form such as 10.89.0.0/24");
    try {
      return new Subnet(address(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid subnet " + cidr + ": want CIDR form such as 10.89.0.0/24");
    }
  }

  /** Parses a dotted IPv4 address into its 32-bit value. */
  public static long address(String dotted) {
    String[] p = dotted == null ? new String[0] : dotted.split("\\.", -1);
    if (p.length != 4) throw new InvalidArgumentException("invalid IPv4 address: " + dotted);
    long v = 0;
    for (String s : p) {
      int b;
      try {
        b = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new InvalidArgumentException("invalid IPv4 address: " + dotted);
      }
      if (b < 0 || b > 255 || s.isEmpty() || s.length() > 3) throw new InvalidArgumentException("invalid IPv4 address: " + dotted);
      v = (v << 8) | b;
    }
    return v;
  }

  public static String dotted(long a) {
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

  private static long mask(int prefix) {
    return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  /** The number of addresses, network and broadcast included. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  /** The address at {@code offset} from the network address (1 is the conventional gateway). */
  public long at(long offset) {
    if (offset < 0 || offset >= size()) throw new InvalidArgumentException("offset " + offset + " outside " + this);
    return network + offset;
  }

  public boolean contains(long address) {
    return (address & mask(prefixLength)) == network;
  }

  public boolean overlaps(Subnet other) {
    int p = Math.min(prefixLength, other.prefixLength);
    return (network & mask(p)) == (other.network & mask(p));
  }

  @Override
  public String toString() {
    return dotted(network) + "/" + prefixLength;
  }
}
