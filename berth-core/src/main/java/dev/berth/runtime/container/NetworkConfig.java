package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.PortMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a container is networked, as Docker's create body says it: {@code HostConfig.NetworkMode},
 * {@code NetworkingConfig.EndpointsConfig}, {@code PortBindings}, {@code PublishAllPorts}, {@code Links},
 * {@code Dns}, {@code DnsSearch}, {@code DnsOptions} and {@code ExtraHosts}. Immutable, stored with the
 * container; the addresses a container actually gets live with the network (engine.network), not here.
 *
 * <p>The constructor refuses what Docker refuses whatever the networks are (Docker's messages, e.g. "conflicting
 * options: host type networking can't be used with links"); what needs the networks (an {@code --ip} on the default
 * bridge, an alias there) is checked by the engine when it attaches.
 *
 * @param mode {@code default}, {@code bridge}, {@code none}, {@code host}, {@code container:<name|id>} or the
 *     name or ID of a user network; {@code default} means {@code bridge}, as in Docker
 * @param endpoints network name → its endpoint settings ({@code --network-alias}, {@code --ip})
 * @param ports {@code -p}: each mapping; a host port 0 asks for a random one at start
 * @param publishAll {@code -P}: publish every exposed port on a random host port
 * @param links {@code --link name:alias} as {@code "name:alias"} (Docker's stored form is {@code /name:/me/alias};
 *     both are accepted)
 * @param extraHosts {@code --add-host host:ip}
 */
public record NetworkConfig(
    String mode,
    Map<String, EndpointConfig> endpoints,
    List<PortMapping> ports,
    boolean publishAll,
    List<String> links,
    List<String> dns,
    List<String> dnsSearch,
    List<String> dnsOptions,
    List<String> extraHosts) {

  /** On the default network with nothing else given. */
  public static final NetworkConfig DEFAULT = of("default");

  /** Docker's message for links with the host network. */
  static final String HOST_AND_LINKS =
      "conflicting options: host type networking can't be used with links. This would result in undefined behavior";

  static final String CONTAINER_AND_LINKS =
      "conflicting options: container type network can't be used with links. This would result in undefined behavior";

  /**
   * One network's settings for this container.
   *
   * @param aliases names it answers to on that network besides its own ({@code --network-alias})
   * @param ipv4 a fixed address ({@code --ip}), or null to have one allocated
   */
  public record EndpointConfig(List<String> aliases, String ipv4) {
    public EndpointConfig {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
      ipv4 = ipv4 == null || ipv4.isEmpty() ? null : ipv4;
      if (ipv4 != null) dev.berth.network.Subnet.address(ipv4);
    }

    public static final EndpointConfig NONE = new EndpointConfig(List.of(), null);
  }

  public NetworkConfig {
    mode = mode == null || mode.isEmpty() ? "default" : mode;
    endpoints = endpoints == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(endpoints));
    ports = ports == null ? List.of() : List.copyOf(ports);
    links = links == null ? List.of() : List.copyOf(links);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    validate(mode, links, dns, dnsSearch, dnsOptions, extraHosts, ports, publishAll);
  }

  /** Only a mode, as older containers were stored ({@code "networkMode": "none"}). */
  public static NetworkConfig of(String mode) {
    return new NetworkConfig(mode, null, null, false, null, null, null, null, null);
  }

  private static void validate(String mode, List<String> links, List<String> dns, List<String> dnsSearch,
      List<String> dnsOptions, List<String> extraHosts, List<PortMapping> ports, boolean publishAll) {
    if (mode.startsWith("container:") && mode.length() == "container:".length()) {
      throw new InvalidArgumentException("invalid network mode '" + mode + "': container: needs a container name or ID");
    }
    if (mode.equals("host") && !links.isEmpty()) throw new InvalidArgumentException(HOST_AND_LINKS);
    if (isContainerMode(mode)) {
      if (!links.isEmpty()) throw new InvalidArgumentException(CONTAINER_AND_LINKS);
      if (!dns.isEmpty() || !dnsSearch.isEmpty() || !dnsOptions.isEmpty()) {
        throw new InvalidArgumentException("conflicting options: dns and the network mode");
      }
      if (!extraHosts.isEmpty()) {
        throw new InvalidArgumentException("conflicting options: custom host-to-IP mapping and the network mode");
      }
      if (!ports.isEmpty() || publishAll) {
        throw new InvalidArgumentException("conflicting options: port publishing and the container type network mode");
      }
    }
    for (String link : links) parseLink(link);
    for (String h : extraHosts) parseExtraHost(h);
  }

  private static boolean isContainerMode(String mode) {
    return mode.startsWith("container:");
  }

  /** {@code container:<ref>}: shares that container's namespace. */
  public boolean isContainerMode() {
    return isContainerMode(mode);
  }

  /** The container whose namespace {@code container:<ref>} joins, or null in other modes. */
  public String containerRef() {
    return isContainerMode() ? mode.substring("container:".length()) : null;
  }

  public boolean isHost() {
    return mode.equals("host");
  }

  public boolean isNone() {
    return mode.equals("none");
  }

  /** The default bridge ({@code default} or {@code bridge}). */
  public boolean isDefaultBridge() {
    return mode.equals("default") || mode.equals("bridge");
  }

  /** A user network named (or ID'd) by the mode: anything that is not one of Docker's fixed modes. */
  public boolean isUserNetwork() {
    return !isDefaultBridge() && !isHost() && !isNone() && !isContainerMode();
  }

  /** The network the mode puts the container on first: {@code bridge} for default, the name for a user network. */
  public String primaryNetwork() {
    return isDefaultBridge() ? "bridge" : mode;
  }

  /**
   * The ports that take effect: none with the host network (Docker discards them and warns) or with none (Docker
   * ignores them, there being nothing to forward to).
   */
  public List<PortMapping> effectivePorts() {
    return isHost() || isNone() ? List.of() : ports;
  }

  /** Docker's warnings for this configuration, given back by create. */
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    if (isHost() && (!ports.isEmpty() || publishAll)) w.add("Published ports are discarded when using host network mode");
    return List.copyOf(w);
  }

  /** The endpoint settings for {@code network} (none given: no aliases, an allocated address). */
  public EndpointConfig endpoint(String network) {
    return endpoints.getOrDefault(network, EndpointConfig.NONE);
  }

  /**
   * Docker's conflicts between the network mode and the rest of the request (checked at create, before the image's
   * defaults are merged: an image's EXPOSE never conflicts): a hostname or exposed ports with {@code container:}.
   */
  public void checkAgainst(BasicConfig request) {
    if (!isContainerMode()) return;
    if (!request.hostname().isEmpty()) throw new InvalidArgumentException("conflicting options: hostname and the network mode");
    if (!request.exposedPorts().isEmpty()) {
      throw new InvalidArgumentException("conflicting options: port exposing and the container type network mode");
    }
  }

  /** A link {@code name:alias} (or {@code name}, aliased by itself; or Docker's {@code /name:/me/alias}). */
  public record Link(String name, String alias) {}

  public List<Link> parsedLinks() {
    return links.stream().map(NetworkConfig::parseLink).toList();
  }

  static Link parseLink(String text) {
    if (text == null || text.isBlank()) throw new InvalidArgumentException("invalid link '" + text + "': want name:alias");
    String[] parts = text.split(":", -1);
    if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
      throw new InvalidArgumentException("invalid link '" + text + "': want name:alias");
    }
    String name = strip(parts[0]);
    String alias = parts.length == 2 ? parts[1] : name;
    int slash = alias.lastIndexOf('/');
    alias = slash >= 0 ? alias.substring(slash + 1) : alias;
    if (name.isEmpty() || alias.isEmpty()) throw new InvalidArgumentException("invalid link '" + text + "': want name:alias");
    return new Link(name, alias);
  }

  private static String strip(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }

  /** An {@code --add-host} entry: {@code host:ip} (Docker also accepts {@code host=ip}). */
  public record ExtraHost(String host, String ip) {}

  public List<ExtraHost> parsedExtraHosts() {
    return extraHosts.stream().map(NetworkConfig::parseExtraHost).toList();
  }

  static ExtraHost parseExtraHost(String text) {
    int sep = text == null ? -1 : text.indexOf('=');
    if (sep < 0 && text != null) sep = text.indexOf(':');
    if (sep <= 0 || sep == text.length() - 1) {
      throw new InvalidArgumentException("invalid argument \"" + text + "\" for \"--add-host\" flag: invalid IP address in add-host: \"\"");
    }
    String ip = text.substring(sep + 1);
    if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
    if (!ip.equals("host-gateway") && !ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new InvalidArgumentException("invalid argument \"" + text + "\" for \"--add-host\" flag: invalid IP address in add-host: \"" + ip + "\"");
    }
    return new ExtraHost(text.substring(0, sep), ip);
  }

  public NetworkConfig withMode(String value) {
    return new NetworkConfig(value, endpoints, ports, publishAll, links, dns, dnsSearch, dnsOptions, extraHosts);
  }

  public NetworkConfig withEndpoints(Map<String, EndpointConfig> value) {
    return new NetworkConfig(mode, value, ports, publishAll, links, dns, dnsSearch, dnsOptions, extraHosts);
  }

  public NetworkConfig withPorts(List<PortMapping> value, boolean all) {
    return new NetworkConfig(mode, endpoints, value, all, links, dns, dnsSearch, dnsOptions, extraHosts);
  }

  public NetworkConfig withLinks(List<String> value) {
    return new NetworkConfig(mode, endpoints, ports, publishAll, value, dns, dnsSearch, dnsOptions, extraHosts);
  }

  public NetworkConfig withDns(List<String> servers, List<String> search, List<String> options) {
    return new NetworkConfig(mode, endpoints, ports, publishAll, links, servers, search, options, extraHosts);
  }

  public NetworkConfig withExtraHosts(List<String> value) {
    return new NetworkConfig(mode, endpoints, ports, publishAll, links, dns, dnsSearch, dnsOptions, value);
  }
}
