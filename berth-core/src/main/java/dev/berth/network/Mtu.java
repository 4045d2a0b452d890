package dev.berth.network;

import dev.berth.errors.InvalidArgumentException;

/**
 * A network's MTU, as dockerd takes it: {@code --mtu} (or daemon.json's {@code mtu}) for the default bridge, and the
 * bridge driver's option {@value #OPTION} for a user network. The value goes to the CNI bridge plugin, which gives it
 * to the bridge it makes and to both ends of every veth pair. The bounds are the kernel's: IPv4 needs 68 bytes, and
 * an Ethernet-type device takes at most 65535.
 */
public final class Mtu {
  /** The bridge driver's option, as Docker names it. */
  public static final String OPTION = "com.docker.network.driver.mtu";
  /** Ethernet's, and Docker's default for the default bridge. */
  public static final int DEFAULT = 1500;
  public static final int MIN = 68;
  public static final int MAX = 65535;

  private Mtu() {}

  /**
   * {@code value} checked against the bounds; InvalidArgumentException naming {@code where} (for example
   * {@code "flag --mtu"}) and the value when it is out of them.
   */
  public static int check(int value, String where) {
    if (value < MIN || value > MAX) throw invalid(where, String.valueOf(value));
    return value;
  }

  /** {@code text} as an MTU: a decimal integer from 68 to 65535; InvalidArgumentException naming {@code where} and the text. */
  public static int parse(String text, String where) {
    if (text == null || !text.strip().matches("[0-9]{1,6}")) throw invalid(where, text);
    return check(Integer.parseInt(text.strip()), where);
  }

  /**
   * The MTU a network's options ask for, 0 when they name none (the kernel's default, 1500, then applies); a value
   * stored before it was checked is an error naming the network.
   */
  public static int of(Network n) {
    String v = n.options().get(OPTION);
    return v == null ? 0 : parse(v, "network " + n.name() + ": option " + OPTION);
  }

  private static InvalidArgumentException invalid(String where, String value) {
    return new InvalidArgumentException(where + ": invalid MTU \"" + value + "\": want an integer from " + MIN + " to " + MAX);
  }
}
