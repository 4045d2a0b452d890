package dev.berth.engine.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Docker's legacy-link environment and /etc/hosts line for one {@code --link name:alias}, e.g. for
 * {@code --link redis:db} from container {@code web} to redis at 172.30.0.2 exposing 6379/tcp:
 * <pre>
 * DB_PORT=tcp://172.30.0.2:6379
 * DB_PORT_6379_TCP=tcp://172.30.0.2:6379
 * DB_PORT_6379_TCP_ADDR=172.30.0.2   DB_PORT_6379_TCP_PORT=6379   DB_PORT_6379_TCP_PROTO=tcp
 * DB_NAME=/web/db
 * DB_ENV_REDIS_VERSION=7.0.15          (each of the linked container's variables but HOME and PATH)
 * </pre>
 * The alias is upper-cased with {@code -} turned into {@code _}; {@code _PORT} names the lowest port (tcp first).
 */
final class LinkEnv {
  private LinkEnv() {}

  /** A port as {@code 6379/tcp}, ordered by number, tcp before udp. */
  private record Port(int number, String proto) {
    static Port parse(String key) {
      int slash = key.indexOf('/');
      return slash < 0 ? new Port(Integer.parseInt(key), "tcp")
          : new Port(Integer.parseInt(key.substring(0, slash)), key.substring(slash + 1).toLowerCase(Locale.ROOT));
    }
  }

  private static final Comparator<Port> ORDER =
      Comparator.comparingInt(Port::number).thenComparing(p -> p.proto().equals("tcp") ? 0 : 1).thenComparing(Port::proto);

  /**
   * @param parentName the linking container's name, without the slash
   * @param ports the linked container's exposed and published ports ({@code 6379/tcp})
   * @param childEnv the linked container's environment ({@code K=V})
   */
  static List<String> env(String parentName, String alias, String childIp, Collection<String> ports, List<String> childEnv) {
    String prefix = alias.toUpperCase(Locale.ROOT).replace('-', '_');
    TreeSet<Port> sorted = new TreeSet<>(ORDER);
    for (String p : ports) sorted.add(Port.parse(p));
    List<String> env = new ArrayList<>();
    if (!sorted.isEmpty()) {
      Port first = sorted.first();
      env.add(prefix + "_PORT=" + first.proto() + "://" + childIp + ":" + first.number());
    }
    for (Port p : sorted) {
      String key = prefix + "_PORT_" + p.number() + "_" + p.proto().toUpperCase(Locale.ROOT);
      env.add(key + "=" + p.proto() + "://" + childIp + ":" + p.number());
      env.add(key + "_ADDR=" + childIp);
      env.add(key + "_PORT=" + p.number());
      env.add(key + "_PROTO=" + p.proto());
    }
    env.add(prefix + "_NAME=/" + parentName + "/" + alias);
    for (String v : childEnv) {
      int eq = v.indexOf('=');
      if (eq <= 0) continue;
      String name = v.substring(0, eq);
      if (name.equals("HOME") || name.equals("PATH")) continue;
      env.add(prefix + "_ENV_" + name + "=" + v.substring(eq + 1));
    }
    return List.copyOf(env);
  }

  /** The /etc/hosts line: {@code ip<TAB>alias hostname name} (the name left out when it is the alias). */
  static String hostsLine(String alias, String childIp, String childHostname, String childName) {
    StringBuilder names = new StringBuilder(alias);
    if (!childHostname.isEmpty() && !childHostname.equals(alias)) names.append(' ').append(childHostname);
    if (!childName.equals(alias)) names.append(' ').append(childName);
    return childIp + "\t" + names;
  }
}
