package dev.berth.network.cni;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.network.Mtu;
import dev.berth.network.Subnet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches network namespaces to a Linux bridge with a veth pair and a static address, by calling Debian's CNI
 * {@code bridge} plugin once per attachment as libcni would (see {@link BridgeConfig} for the configuration and
 * why). Stateless: the same {@link Attachment} given to {@link #add} must be given to {@link #del}. Safe to use
 * from several threads; the plugin itself copes with two ADDs racing to create one bridge.
 */
public final class CniBridge {
  /** Where Debian installs the plugins. */
  public static final Path PLUGIN_DIR = Path.of("/usr/lib/cni");

  private static final Logger LOG = LoggerFactory.getLogger(CniBridge.class);
  private static final int IFNAMSIZ = 15;
  private static final Path SYS_NET = Path.of("/sys/class/net");

  private final Path pluginDir;
  private final BridgeCongestion congestion;

  public CniBridge(Path pluginDir) {
    if (pluginDir == null) throw new InvalidArgumentException("CNI plugin directory is missing");
    this.pluginDir = pluginDir;
    this.congestion = new BridgeCongestion(
        BridgeCongestion.choose(Path.of("/proc/sys/net/ipv4"), System.getProperty(BridgeCongestion.PROPERTY)),
        args -> ip(args.toArray(String[]::new)), SYS_NET);
  }

  /**
   * What to attach: the bridge (created by the plugin if missing, with {@code gateway/prefix} on it), the
   * container's address, the interface name inside ({@code eth0}), and the MTU of the veth pair and of a bridge the
   * plugin makes (0: the kernel's default, 1500).
   */
  public record Attachment(String network, String bridge, String containerId, NetNsRef netns, String ifname,
      String ipv4, int prefixLength, String gateway, int mtu) {
    public Attachment {
      require(network, "network name");
      requireIfName(bridge, "bridge name");
      require(containerId, "container ID");
      if (netns == null) throw new InvalidArgumentException("attach " + containerId + ": network namespace is missing");
      requireIfName(ifname, "interface name");
      Subnet.address(ipv4);
      Subnet.address(gateway);
      if (prefixLength < 1 || prefixLength > 32) {
        throw new InvalidArgumentException("attach " + containerId + ": invalid prefix length /" + prefixLength);
      }
      if (mtu != 0) Mtu.check(mtu, "attach " + containerId + " to network " + network);
    }

    /** With the kernel's default MTU. */
    public Attachment(String network, String bridge, String containerId, NetNsRef netns, String ifname, String ipv4,
        int prefixLength, String gateway) {
      this(network, bridge, containerId, netns, ifname, ipv4, prefixLength, gateway, 0);
    }
  }

  /** The namespace's path as CNI_NETNS. */
  public record NetNsRef(Path path) {
    public NetNsRef {
      if (path == null) throw new InvalidArgumentException("network namespace path is missing");
    }
  }

  /** What ADD made: the container interface's MAC and the host end's name. */
  public record Result(String mac, String hostVeth) {}

  /**
   * CNI ADD; a plugin error becomes a SystemException with the plugin's message. After a failure, what the
   * plugin may have half made inside the namespace goes with {@link #del} or with the namespace itself; the
   * bridge, once made, belongs to the network and stays until {@link #deleteBridge}. The first ADD to a bridge
   * also sets the congestion control of the host's route to it ({@link #hostCongestionControl()}).
   */
  public Result add(Attachment a) {
    String action = "attach container " + a.containerId() + " to network " + a.network();
    PluginCall.Outcome o = call("ADD", a, a.netns().path().toString(), action);
    if (o.exitCode() != 0) throw failure(action, o);
    Result r = PluginReply.result(o.stdout(), a, action);
    hostRoute(a);
    return r;
  }

  /** Best effort: the attachment is made, so a failure here is only logged (the route keeps the default). */
  private void hostRoute(Attachment a) {
    String error;
    try {
      error = congestion.apply(a.bridge(), a.gateway(), a.prefixLength());
    } catch (RuntimeException e) {
      error = e.getMessage();
    }
    if (error != null) {
      LOG.warn("set congestion control {} on the route to bridge {}: {}", congestion.choice(), a.bridge(), error.strip());
    }
  }

  /**
   * The congestion control the host's route to each bridge gets ({@code cubic} when the host's default is BBR),
   * or null when routes are left as the kernel makes them. See {@link BridgeCongestion} for why.
   */
  public String hostCongestionControl() {
    return congestion.choice();
  }

  /**
   * CNI DEL; quiet when the namespace or the veth is already gone. A namespace no longer mounted is passed as
   * an empty CNI_NETNS (the spec's way of saying it is gone: the veth died with it, only IPAM is released).
   */
  public void del(Attachment a) {
    String action = "detach container " + a.containerId() + " from network " + a.network();
    Path ns = a.netns().path();
    PluginCall.Outcome o = call("DEL", a, isMountedNamespace(ns) ? ns.toString() : "", action);
    if (o.exitCode() != 0 && isMountedNamespace(ns)) throw failure(action, o);
  }

  /**
   * Removes a bridge the plugin made, when its network is removed (CNI never does); quiet when it is gone.
   * Refuses anything that is not a bridge, so a wrong name can never take down a host interface.
   */
  public void deleteBridge(String bridge) {
    requireIfName(bridge, "bridge name");
    congestion.forget(bridge);
    Path dev = SYS_NET.resolve(bridge);
    if (!Files.exists(dev)) return;
    if (!Files.isDirectory(dev.resolve("bridge"))) {
      throw new InvalidArgumentException("delete bridge " + bridge + ": the interface is not a bridge");
    }
    String out = ip("link", "del", "dev", bridge);
    if (out != null && Files.exists(dev)) {
      throw new SystemException("delete bridge " + bridge + ": ip link del: " + out.strip());
    }
  }

  public Path pluginDir() {
    return pluginDir;
  }

  private PluginCall.Outcome call(String command, Attachment a, String netns, String action) {
    Map<String, String> env = Map.of(
        "CNI_COMMAND", command,
        "CNI_CONTAINERID", a.containerId(),
        "CNI_NETNS", netns,
        "CNI_IFNAME", a.ifname(),
        "CNI_PATH", pluginDir.toString());
    return PluginCall.run(pluginDir.resolve("bridge"), env, BridgeConfig.of(a), action);
  }

  private SystemException failure(String action, PluginCall.Outcome o) {
    return new SystemException(action + ": CNI plugin " + pluginDir.resolve("bridge") + " failed: " + PluginReply.error(o));
  }

  /** Whether {@code file} is a live namespace bind mount (an nsfs mount point in this mount namespace). */
  static boolean isMountedNamespace(Path file) {
    String target = file.toAbsolutePath().toString().replace(" ", "\\040");
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length > 4 && f[4].equals(target) && line.contains(" - nsfs ")) return true;
      }
      return false;
    } catch (IOException e) {
      throw new SystemException("read /proc/self/mountinfo: " + e.getMessage(), e);
    }
  }

  /** Runs {@code ip ARGS}; null on success, else its output. */
  private static String ip(String... args) {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(ipBinary());
    argv.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "did not finish within 30 s";
      }
      return p.exitValue() == 0 ? null : out.isBlank() ? "exit status " + p.exitValue() : out;
    } catch (IOException e) {
      throw new SystemException("run ip " + String.join(" ", args) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("run ip " + String.join(" ", args) + ": interrupted", e);
    }
  }

  private static String ipBinary() {
    for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    return "ip";
  }

  private static void require(String value, String what) {
    if (value == null || value.isBlank()) throw new InvalidArgumentException(what + " is missing");
  }

  private static void requireIfName(String name, String what) {
    if (name == null || name.isEmpty() || name.length() > IFNAMSIZ || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new InvalidArgumentException("invalid " + what + " '" + name + "': 1 to 15 letters, digits, '_', '.' or '-'");
    }
  }
}
