package dev.berth.stack;

import java.util.List;
import java.util.Optional;

/**
 * A resolved stack file. {@code name} is the top-level {@code name:} (null when absent: the project then comes
 * from {@code -p} or the directory). Services, volumes and networks keep the file's order.
 */
public record StackFile(String name, List<Service> services, List<VolumeDecl> volumes, List<NetworkDecl> networks) {
  public StackFile {
    services = List.copyOf(services);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    networks = networks == null ? List.of() : List.copyOf(networks);
  }

  public Optional<Service> service(String serviceName) {
    return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
  }
}
