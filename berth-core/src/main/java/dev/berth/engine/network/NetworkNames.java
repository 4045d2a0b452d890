package dev.berth.engine.network;

import dev.berth.network.Endpoint;
import dev.berth.network.dns.Names;
import dev.berth.runtime.container.NetworkConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Names as Docker's embedded DNS answers them, for one asking container: on each user network it shares with
 * another running container, that container's name, short ID and aliases on that network; and the asker's own
 * {@code --link} aliases (on a user network a link is a name only the linking container sees). Nothing of the
 * default bridge and nothing of a network the asker is not on.
 */
final class NetworkNames implements Names {
  private final LocalNetworkService networks;
  private final Predicate<String> running;

  /** @param running whether a container ID is running with its network up (only those answer) */
  NetworkNames(LocalNetworkService networks, Predicate<String> running) {
    this.networks = networks;
    this.running = running;
  }

  @Override
  public List<String> lookup(String asker, String name) {
    String n = normalize(name);
    Set<String> out = new LinkedHashSet<>();
    String linked = linkTarget(asker, n);
    for (NetworkState s : userNetworksOf(asker)) {
      for (Endpoint e : s.endpoints().values()) {
        if (!running.test(e.containerId())) continue;
        if (answersTo(e, n) || (linked != null && answersTo(e, linked))) out.add(e.ipv4());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String reverse(String asker, String ipv4) {
    for (NetworkState s : userNetworksOf(asker)) {
      for (Endpoint e : s.endpoints().values()) {
        if (ipv4.equals(e.ipv4()) && running.test(e.containerId())) {
          ContainerDirectory.Member m = networks.directory().byId(e.containerId());
          if (m != null) return m.name() + "." + s.name();
        }
      }
    }
    return null;
  }

  private List<NetworkState> userNetworksOf(String asker) {
    List<NetworkState> out = new ArrayList<>();
    for (NetworkState s : networks.all()) {
      if (!s.network().predefined() && s.endpoints().containsKey(asker)) out.add(s);
    }
    return out;
  }

  private boolean answersTo(Endpoint e, String n) {
    if (e.containerId().startsWith(n) && n.length() == 12) return true;
    for (String a : e.aliases()) if (normalize(a).equals(n)) return true;
    ContainerDirectory.Member m = networks.directory().byId(e.containerId());
    return m != null && normalize(m.name()).equals(n);
  }

  /** The container name {@code alias} stands for in the asker's links, or null. */
  private String linkTarget(String asker, String alias) {
    ContainerDirectory.Member m = networks.directory().byId(asker);
    if (m == null) return null;
    for (NetworkConfig.Link l : m.network().parsedLinks()) {
      if (normalize(l.alias()).equals(alias)) return normalize(l.name());
    }
    return null;
  }

  private static String normalize(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }
}
