package dev.berth.runtime.bundle;

import dev.berth.runtime.specgen.NetworkMode;
import java.util.List;

/**
 * What networking gives the bundle of a container about to start: the namespace to be in, the container's own
 * address for /etc/hosts (null: {@link EtcFiles#SELF_ADDRESS}), further /etc/hosts lines ({@code --add-host},
 * links), and the resolver settings for resolv.conf.
 *
 * @param hostsEntries whole lines, {@code "10.1.0.3\tdb redis"}
 * @param nameservers {@code --dns}; empty: the host's (or the embedded server's)
 * @param search {@code --dns-search}; empty: the host's
 * @param options {@code --dns-option}; empty: the host's
 * @param embeddedDns on a user network: {@code nameserver 127.0.0.11} and {@code options ndots:0}, as Docker writes
 */
public record NetworkSetup(NetworkMode mode, String address, List<String> hostsEntries, List<String> nameservers,
    List<String> search, List<String> options, boolean embeddedDns) {
  public NetworkSetup {
    hostsEntries = hostsEntries == null ? List.of() : List.copyOf(hostsEntries);
    nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
    search = search == null ? List.of() : List.copyOf(search);
    options = options == null ? List.of() : List.copyOf(options);
  }

  /** Only a namespace mode, everything else as the host gives it. */
  public static NetworkSetup of(NetworkMode mode) {
    return new NetworkSetup(mode, null, List.of(), List.of(), List.of(), List.of(), false);
  }
}
