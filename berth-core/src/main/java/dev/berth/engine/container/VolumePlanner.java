package dev.berth.engine.container;

import dev.berth.engine.ContainerView.MountPoint;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.specgen.RootfsPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A container's volumes, Docker's way. At create: {@code --volumes-from} copies the other container's volume
 * and bind mounts (its own mounts win at the same path); a volume mount without a name and each anonymous
 * path ({@code Config.Volumes}, from the image or {@code -v /path}) not already mounted get a fresh anonymous
 * volume; a named one is created if missing. Every volume ends up as a VOLUME mount naming it in the stored
 * config, which is what a later {@code --volumes-from} copies. At start the mounts become binds of the
 * volumes' directories, and a volume is seeded from the image's content at its path on first use.
 */
final class VolumePlanner {
  /**
   * Marks, in the stored config, a volume mount whose volume this container's create made: only those go
   * with {@code rm -v} and {@code --rm}, as in Docker; a volume the user named (even an anonymous one, by its
   * 64-hex name) stays. Never copied by {@code --volumes-from}, never passed to the runtime.
   */
  static final String CREATED_HERE = "berth.created-anonymous";

  private final Supplier<VolumeService> volumes;

  VolumePlanner(Supplier<VolumeService> volumes) {
    this.volumes = volumes;
  }

  /** The storage with every volume resolved, and the anonymous volumes made for it (undone on failure). */
  record Plan(StorageConfig storage, List<String> createdAnonymous) {
    Plan {
      createdAnonymous = List.copyOf(createdAnonymous);
    }
  }

  Plan plan(StorageConfig storage, Function<String, Container> lookup) {
    List<MountSpec> mounts = new ArrayList<>(storage.mounts());
    Set<String> targets = new HashSet<>(storage.tmpfs().keySet());
    mounts.forEach(m -> targets.add(m.target()));
    for (String from : storage.volumesFrom()) {
      copyFrom(from, lookup, mounts, targets);
    }
    List<String> created = new ArrayList<>();
    try {
      List<MountSpec> resolved = new ArrayList<>();
      for (MountSpec m : mounts) {
        resolved.add(m.type() == MountSpec.Type.VOLUME ? named(m, created) : m);
      }
      for (String path : storage.volumes()) {
        if (targets.add(path)) {
          resolved.add(new MountSpec(MountSpec.Type.VOLUME, anonymous(created), path, false, List.of(CREATED_HERE)));
        }
      }
      return new Plan(storage.withMounts(resolved), created);
    } catch (RuntimeException e) {
      undo(created);
      throw e;
    }
  }

  private static void copyFrom(String spec, Function<String, Container> lookup, List<MountSpec> mounts, Set<String> targets) {
    int colon = spec.lastIndexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    String mode = colon < 0 ? "" : spec.substring(colon + 1);
    if (!mode.isEmpty() && !mode.equals("ro") && !mode.equals("rw")) {
      throw new InvalidArgumentException("invalid --volumes-from '" + spec + "': mode must be ro or rw, got '" + mode + "'");
    }
    Container source;
    try {
      source = lookup.apply(name);
    } catch (dev.berth.errors.NotFoundException e) {
      // A 400, not a 404: the docker CLI takes a 404 from create for a missing image and would try a pull.
      throw new InvalidArgumentException("invalid --volumes-from '" + spec + "': " + e.getMessage(), e);
    }
    for (MountSpec m : source.config().storage().mounts()) {
      if (m.type() == MountSpec.Type.TMPFS || !targets.add(m.target())) {
        continue;
      }
      boolean readOnly = mode.isEmpty() ? m.readOnly() : mode.equals("ro");
      List<String> options = m.options().stream().filter(o -> !o.equals(CREATED_HERE)).toList();
      mounts.add(new MountSpec(m.type(), m.source(), m.target(), readOnly, options));
    }
  }

  private MountSpec named(MountSpec m, List<String> created) {
    if (m.source().isEmpty()) {
      return new MountSpec(m.type(), anonymous(created), m.target(), m.readOnly(), createdHere(m.options()));
    }
    volumes.get().create(m.source(), "local", Map.of(), Map.of());
    return m;
  }

  private static List<String> createdHere(List<String> options) {
    List<String> out = new ArrayList<>(options);
    out.add(CREATED_HERE);
    return out;
  }

  private String anonymous(List<String> created) {
    String name = volumes.get().create(null, "local", Map.of(), Map.of()).name();
    created.add(name);
    return name;
  }

  /** Removes volumes made by a create that failed; best effort, the first error is the one that counts. */
  void undo(List<String> created) {
    for (String name : created) {
      try {
        volumes.get().remove(name, true);
      } catch (RuntimeException ignored) {
        // an unused anonymous volume is what volume prune removes
      }
    }
  }

  /**
   * The storage for spec generation: each VOLUME mount becomes a bind of the volume's directory, which the
   * volume service mounts first when the volume has driver options (until {@link #release}).
   */
  StorageConfig forSpec(StorageConfig storage, String containerId) {
    if (storage.mounts().stream().noneMatch(m -> m.type() == MountSpec.Type.VOLUME)) {
      return storage;
    }
    List<MountSpec> out = new ArrayList<>();
    for (MountSpec m : storage.mounts()) {
      if (m.type() == MountSpec.Type.VOLUME) {
        Path dir = volumes.get().mount(m.source(), containerId);
        out.add(new MountSpec(MountSpec.Type.BIND, dir.toString(), m.target(), m.readOnly(), List.of()));
      } else {
        out.add(m);
      }
    }
    return storage.withMounts(out);
  }

  /** Gives back what {@link #forSpec} mounted for the container; best effort. */
  void release(StorageConfig storage, String containerId) {
    for (MountSpec m : storage.mounts()) {
      if (m.type() == MountSpec.Type.VOLUME) {
        try {
          volumes.get().unmount(m.source(), containerId);
        } catch (RuntimeException ignored) {
          // a volume removed meanwhile has nothing to give back
        }
      }
    }
  }

  /** Seeds each volume from the image's directory at its path, when the image has one there. */
  void seed(StorageConfig storage, Path rootfs) {
    for (MountSpec m : storage.mounts()) {
      if (m.type() != MountSpec.Type.VOLUME) {
        continue;
      }
      try {
        Path source = RootfsPath.resolve(rootfs, m.target());
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
          volumes.get().seedIfEmpty(m.source(), source);
        }
      } catch (IOException e) {
        throw new InvalidArgumentException("seeding volume " + m.source() + " from " + m.target() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Inspect's {@code Mounts}. */
  List<MountPoint> mountPoints(StorageConfig storage) {
    List<MountPoint> out = new ArrayList<>();
    for (MountSpec m : storage.mounts()) {
      String mode = m.readOnly() ? "ro" : "";
      switch (m.type()) {
        case BIND -> out.add(new MountPoint("bind", null, m.source(), m.target(), null, mode, !m.readOnly(), "rprivate"));
        case TMPFS -> out.add(new MountPoint("tmpfs", null, "", m.target(), null, mode, !m.readOnly(), ""));
        case VOLUME -> out.add(new MountPoint("volume", m.source(), volumeDir(m.source()), m.target(), "local", mode,
            !m.readOnly(), ""));
      }
    }
    storage.tmpfs().keySet().stream().sorted()
        .forEach(t -> out.add(new MountPoint("tmpfs", null, "", t, null, "", true, "")));
    return out;
  }

  private String volumeDir(String name) {
    try {
      Volume v = volumes.get().inspect(name);
      return v.mountpoint().toString();
    } catch (NotFoundException | dev.berth.errors.SystemException gone) {
      return "";
    }
  }

  /** The volumes this container's create made, which {@code rm -v} and {@code --rm} remove. */
  List<String> anonymousVolumes(StorageConfig storage) {
    return storage.mounts().stream()
        .filter(m -> m.type() == MountSpec.Type.VOLUME && m.options().contains(CREATED_HERE))
        .map(MountSpec::source)
        .toList();
  }


  /** Removes one volume; a ConflictException when another container still uses it. */
  void removeVolume(String name) {
    volumes.get().remove(name, false);
  }
}
