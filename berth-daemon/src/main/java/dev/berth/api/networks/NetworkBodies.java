package dev.berth.api.networks;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.NetworkService.CreateRequest;
import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the {@code /networks} POSTs, as the docker CLI sends them. */
final class NetworkBodies {
  private NetworkBodies() {}

  /**
   * {@code POST /networks/create} (definitions/NetworkCreateRequest):
   * {@code {"Name":"web","Driver":"bridge","Internal":false,"IPAM":{"Driver":"default","Config":[{"Subnet":
   * "10.89.0.0/24","Gateway":"10.89.0.1"}]},"Options":{},"Labels":{},"CheckDuplicate":true}}.
   */
  record Create(
      @JsonProperty("Name") String name,
      @JsonProperty("Driver") String driver,
      @JsonProperty("Internal") boolean internal,
      @JsonProperty("EnableIPv6") Boolean enableIpv6,
      @JsonProperty("IPAM") Ipam ipam,
      @JsonProperty("Options") Map<String, String> options,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("CheckDuplicate") Boolean checkDuplicate) {

    /** The engine's request; one IPAM config at most (IPv4 only), IPv6 refused with a clear message. */
    CreateRequest toRequest() {
      if (name == null || name.isBlank()) throw new InvalidArgumentException("create network: a name is required");
      if (Boolean.TRUE.equals(enableIpv6)) {
        throw new InvalidArgumentException("create network " + name + ": IPv6 networks are not supported by Berth");
      }
      List<IpamConfig> configs = ipam == null || ipam.config() == null ? List.of() : ipam.config();
      if (configs.size() > 1) {
        throw new InvalidArgumentException("create network " + name + ": only one IPAM config (one IPv4 subnet) is supported");
      }
      IpamConfig c = configs.isEmpty() ? new IpamConfig(null, null, null) : configs.getFirst();
      if (c.ipRange() != null && !c.ipRange().isEmpty()) {
        throw new InvalidArgumentException("create network " + name + ": --ip-range is not supported");
      }
      String driverName = driver == null || driver.isEmpty() ? "bridge" : driver;
      return new CreateRequest(name, driverName, blank(c.subnet()), blank(c.gateway()), internal,
          labels == null ? Map.of() : labels, options == null ? Map.of() : options, checkDuplicate == null || checkDuplicate);
    }
  }

  record Ipam(@JsonProperty("Driver") String driver, @JsonProperty("Config") List<IpamConfig> config) {}

  record IpamConfig(@JsonProperty("Subnet") String subnet, @JsonProperty("Gateway") String gateway,
      @JsonProperty("IPRange") String ipRange) {}

  /** {@code POST /networks/{id}/connect}: {@code {"Container":"app","EndpointConfig":{"Aliases":["db"],"IPAMConfig":{"IPv4Address":"10.89.0.9"}}}}. */
  record Connect(@JsonProperty("Container") String container, @JsonProperty("EndpointConfig") EndpointConfig endpointConfig) {
    List<String> aliases() {
      return endpointConfig == null || endpointConfig.aliases() == null ? List.of() : endpointConfig.aliases();
    }

    String ipv4() {
      return endpointConfig == null || endpointConfig.ipamConfig() == null ? null : blank(endpointConfig.ipamConfig().ipv4Address());
    }
  }

  record EndpointConfig(@JsonProperty("Aliases") List<String> aliases, @JsonProperty("IPAMConfig") EndpointIpam ipamConfig) {}

  record EndpointIpam(@JsonProperty("IPv4Address") String ipv4Address) {}

  /** {@code POST /networks/{id}/disconnect}: {@code {"Container":"app","Force":false}}. */
  record Disconnect(@JsonProperty("Container") String container, @JsonProperty("Force") boolean force) {}

  static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
