package dev.berth.runtime.bundle;

import dev.berth.errors.SystemException;
import dev.berth.runtime.specgen.StorageOptions.BindMount;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The three files Docker gives every container instead of the image's own: /etc/hostname, /etc/hosts and
 * /etc/resolv.conf. They are written into the container's directory (never into the rootfs, which may be a
 * shared read-only view) and bound over the image's, read-only when the rootfs is, so a container may edit
 * its own copies as in Docker without touching the host or other containers.
 *
 * <p>Until a network driver gives the container an address, its name resolves to {@link #SELF_ADDRESS} on
 * its own loopback, as Debian does for a host without a fixed address.
 */
public final class EtcFiles {
  /** The address /etc/hosts gives the container's own name while it has only loopback. */
  public static final String SELF_ADDRESS = "127.0.1.1";

  /** The host's resolver file, and systemd-resolved's list of real upstream servers. */
  public static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

  public static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");

  private static final String DEFAULT_HOSTS = """
      127.0.0.1\tlocalhost
      ::1\tlocalhost ip6-localhost ip6-loopback
      fe00::0\tip6-localnet
      ff00::0\tip6-mcastprefix
      ff00::1\tip6-allnodes
      ff00::2\tip6-allrouters
      """;

  private final Path hostResolvConf;

  /** @param hostResolvConf the host resolver file the container's is derived from */
  public EtcFiles(Path hostResolvConf) {
    this.hostResolvConf = hostResolvConf;
  }

  /**
   * The host's file as Docker picks it: /etc/resolv.conf, unless it names only systemd-resolved's local stub
   * (127.0.0.53) and systemd-resolved publishes its upstream servers, which a container can reach.
   */
  public static EtcFiles forHost() {
    try {
      boolean stubOnly = Files.isReadable(HOST_RESOLV_CONF) && Files.readAllLines(HOST_RESOLV_CONF).stream()
          .map(ResolvConf::nameserver).filter(ns -> ns != null).allMatch(ns -> ns.startsWith("127.0.0.53"));
      return new EtcFiles(stubOnly && Files.isReadable(SYSTEMD_RESOLV_CONF) ? SYSTEMD_RESOLV_CONF : HOST_RESOLV_CONF);
    } catch (IOException e) {
      throw new SystemException("read host resolver configuration " + HOST_RESOLV_CONF + ": " + e.getMessage(), e);
    }
  }

  /** The /etc/hosts text: localhost entries, then the container's own name (FQDN first when it has a domain). */
  static String hosts(String hostname, String domainname) {
    return hosts(hostname, domainname, null, List.of());
  }

  /**
   * The /etc/hosts text with networking: localhost entries, {@code entries} ({@code --add-host}, links), then the
   * container's own name at {@code address} ({@link #SELF_ADDRESS} when it has none), as Docker orders them.
   */
  static String hosts(String hostname, String domainname, String address, List<String> entries) {
    String names = domainname.isEmpty() ? hostname : hostname + "." + domainname + " " + hostname;
    StringBuilder b = new StringBuilder(DEFAULT_HOSTS);
    for (String e : entries) b.append(e).append('\n');
    return b.append(address == null ? SELF_ADDRESS : address).append('\t').append(names).append('\n').toString();
  }

  /**
   * Writes hostname, hosts and resolv.conf into {@code containerDir} and returns the binds that put them at
   * /etc/…, leaving out any path in {@code userTargets}: a user's own mount there wins, as in Docker.
   */
  public List<BindMount> write(Path containerDir, String hostname, String domainname, boolean readOnly,
      Set<String> userTargets) {
    return write(containerDir, hostname, domainname, readOnly, userTargets, null);
  }

  /** As {@link #write(Path, String, String, boolean, Set)}, with the container's networking ({@code net} may be null). */
  public List<BindMount> write(Path containerDir, String hostname, String domainname, boolean readOnly,
      Set<String> userTargets, NetworkSetup net) {
    String action = "write /etc files of container";
    try {
      Files.createDirectories(containerDir);
      List<BindMount> binds = new ArrayList<>();
      add(binds, containerDir.resolve("hostname"), "/etc/hostname", hostname + "\n", readOnly, userTargets);
      add(binds, containerDir.resolve("hosts"), "/etc/hosts", net == null ? hosts(hostname, domainname)
          : hosts(hostname, domainname, net.address(), net.hostsEntries()), readOnly, userTargets);
      add(binds, containerDir.resolve("resolv.conf"), "/etc/resolv.conf", resolvConf(net), readOnly, userTargets);
      return List.copyOf(binds);
    } catch (IOException e) {
      throw new SystemException(action + " in " + containerDir + ": " + e.getMessage(), e);
    }
  }

  private String resolvConf(NetworkSetup net) throws IOException {
    String host = Files.isReadable(hostResolvConf) ? Files.readString(hostResolvConf, StandardCharsets.UTF_8) : "";
    String base = ResolvConf.forContainer(host, false);
    return net == null ? base : ResolvConf.withSettings(base, net.nameservers(), net.search(), net.options(), net.embeddedDns());
  }

  private static void add(List<BindMount> binds, Path file, String target, String text, boolean readOnly,
      Set<String> userTargets) throws IOException {
    if (userTargets.contains(target)) {
      return;
    }
    // lazy: written again at every start, and the start path avoids fsync
    AtomicWrite.replace(file, text.getBytes(StandardCharsets.UTF_8), AtomicWrite.Durability.LAZY);
    binds.add(new BindMount(file, target, readOnly));
  }
}
