package dev.berth.engine.network;

import dev.berth.network.PortMapping;
import dev.berth.runtime.container.NetworkConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The ports a container publishes at start: its {@code -p} mappings, and with {@code -P} every other exposed port. */
final class PublishedPorts {
  private PublishedPorts() {}

  /**
   * @param exposed the effective exposed ports ({@code 80/tcp}: the image's EXPOSE and {@code --expose})
   */
  static List<PortMapping> of(NetworkConfig cfg, List<String> exposed) {
    List<PortMapping> out = new ArrayList<>(cfg.effectivePorts());
    if (!cfg.publishAll() || cfg.isHost() || cfg.isNone()) return out;
    Set<String> mapped = new HashSet<>();
    for (PortMapping m : out) mapped.add(m.key());
    for (String p : exposed) {
      int slash = p.indexOf('/');
      String proto = slash < 0 ? "tcp" : p.substring(slash + 1);
      int port = Integer.parseInt(slash < 0 ? p : p.substring(0, slash));
      if (!proto.equals("tcp") && !proto.equals("udp")) continue;
      if (mapped.add(port + "/" + proto)) out.add(new PortMapping(proto, port, "0.0.0.0", 0));
    }
    return out;
  }
}
