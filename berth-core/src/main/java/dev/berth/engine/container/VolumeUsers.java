package dev.berth.engine.container;

import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerStore;
import dev.berth.runtime.container.MountSpec;
import java.util.List;

/** Which containers reference a volume: what the volume service asks before it removes or prunes one. */
public final class VolumeUsers {
  private VolumeUsers() {}

  /** IDs of the stored containers with a volume mount of {@code volume}, in any state. */
  public static List<String> of(ContainerStore store, String volume) {
    return store.list().stream()
        .filter(c -> uses(c, volume))
        .map(c -> c.id().hex())
        .toList();
  }

  static boolean uses(Container c, String volume) {
    return c.config().storage().mounts().stream()
        .anyMatch(m -> m.type() == MountSpec.Type.VOLUME && m.source().equals(volume));
  }
}
