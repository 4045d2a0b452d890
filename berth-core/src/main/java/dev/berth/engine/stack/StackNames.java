package dev.berth.engine.stack;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.ProjectNames;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.VolumeDecl;
import java.util.List;
import java.util.Optional;

/**
 * The real names of a project's objects, as Compose v2 makes them: containers {@code <project>-<service>-1},
 * networks and volumes {@code <project>_<name>} (or the name the file gives with {@code name:} or
 * {@code external}), the image of a {@code build:}-only service {@code <project>-<service>}. A service that lists
 * no networks is on {@code default}, which is {@code <project>_default} unless the file declares it otherwise.
 */
record StackNames(String project, StackFile stack) {
  /** The implicit network of services that name none. */
  static final String DEFAULT_NETWORK = "default";

  StackNames {
    checkProject(project);
  }

  /** InvalidArgumentException unless {@code project} is a valid Compose project name. */
  static void checkProject(String project) {
    if (!ProjectNames.isValid(project)) {
      throw new InvalidArgumentException("invalid project name '" + project + "': " + ProjectNames.RULE);
    }
  }

  String container(String service) {
    return project + "-" + service + "-1";
  }

  /** The image a service runs: its {@code image:}, else the one {@code build:} makes, {@code <project>-<service>}. */
  String image(Service service) {
    return service.image() != null ? service.image() : project + "-" + service.name();
  }

  /** The networks a service is on, as named in the file, in the file's order ({@code default} when none). */
  static List<Service.ServiceNetwork> networksOf(Service service) {
    return service.networks().isEmpty()
        ? List.of(new Service.ServiceNetwork(DEFAULT_NETWORK, List.of())) : service.networks();
  }

  Optional<NetworkDecl> networkDecl(String nameInFile) {
    return stack.networks().stream().filter(n -> n.name().equals(nameInFile)).findFirst();
  }

  Optional<VolumeDecl> volumeDecl(String nameInFile) {
    return stack.volumes().stream().filter(v -> v.name().equals(nameInFile)).findFirst();
  }

  /**
   * The network's real name: its {@code name:} or external name, else the key itself for an external one, else
   * {@code <project>_<name>}.
   */
  String network(String nameInFile) {
    Optional<NetworkDecl> d = networkDecl(nameInFile);
    if (d.isPresent() && d.get().externalName() != null) return d.get().externalName();
    return d.isPresent() && d.get().external() ? nameInFile : project + "_" + nameInFile;
  }

  boolean externalNetwork(String nameInFile) {
    return networkDecl(nameInFile).map(NetworkDecl::external).orElse(false);
  }

  /** The volume's real name, by the same rule as {@link #network}. */
  String volume(String nameInFile) {
    Optional<VolumeDecl> d = volumeDecl(nameInFile);
    if (d.isPresent() && d.get().externalName() != null) return d.get().externalName();
    return d.isPresent() && d.get().external() ? nameInFile : project + "_" + nameInFile;
  }

  boolean externalVolume(String nameInFile) {
    return volumeDecl(nameInFile).map(VolumeDecl::external).orElse(false);
  }
}
