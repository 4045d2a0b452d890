package dev.berth.network.cni;

import java.nio.file.Path;

/** Attaches network namespaces to a Linux bridge with a veth pair and a static address. */
public final class CniBridge {
  /** Where Debian installs the plugins. */
  public static final Path PLUGIN_DIR = Path.of("/usr/lib/cni");

  private final Path pluginDir;

  public CniBridge(Path pluginDir) {
    this.pluginDir = pluginDir;
  }

  /**
   * What to attach: the bridge (created by the plugin if missing, with {@code gateway/prefix} on it), the
   * container's address, the interface name inside ({@code eth0}).
   */
  public record Attachment(String network, String bridge, String containerId, NetNsRef netns, String ifname,
      String ipv4, int prefixLength, String gateway) {}

  /** The namespace's path as CNI_NETNS. */
  public record NetNsRef(Path path) {}

  /** What ADD made: the container interface's MAC and the host end's name. */
  public record Result(String mac, String hostVeth) {}

  /** CNI ADD; a plugin error becomes a SystemException with the plugin's message. */
  public Result add(Attachment a) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** CNI DEL; quiet when the namespace or the veth is already gone. */
  public void del(Attachment a) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Removes a bridge the plugin made, when its network is removed (CNI never does). */
  public void deleteBridge(String bridge) {
    throw new UnsupportedOperationException("not yet written");
  }

  public Path pluginDir() {
    return pluginDir;
  }
}
