package dev.berth.storage;

import dev.berth.sys.MountApi;
import java.util.ArrayList;
import java.util.List;

/**
 * A filesystem mount's options, parsed: the VFS attributes ("ro", "nosuid", "nodev", "noexec", "rw") become mount
 * attribute bits, everything else is a filesystem option, {@code key=value} or a bare flag. The overlay's
 * {@code lowerdir+=dir} options keep their order (topmost first); for mount(2) they are joined into one
 * {@code lowerdir=a:b:c}.
 */
record MountOptions(int attributes, List<Option> fsOptions) {
  private static final long MS_RDONLY = 1;
  private static final long MS_NOSUID = 2;
  private static final long MS_NODEV = 4;
  private static final long MS_NOEXEC = 8;
  private static final int MOUNT_ATTR_NOEXEC = 0x8;

  /** One filesystem option; {@code value} is null for a flag. */
  record Option(String key, String value) {}

  MountOptions {
    fsOptions = List.copyOf(fsOptions);
  }

  static MountOptions of(List<String> options) {
    int attrs = 0;
    List<Option> fs = new ArrayList<>();
    for (String o : options) {
      switch (o) {
        case "rw" -> {}
        case "ro" -> attrs |= MountApi.MOUNT_ATTR_RDONLY;
        case "nosuid" -> attrs |= MountApi.MOUNT_ATTR_NOSUID;
        case "nodev" -> attrs |= MountApi.MOUNT_ATTR_NODEV;
        case "noexec" -> attrs |= MOUNT_ATTR_NOEXEC;
        default -> {
          int eq = o.indexOf('=');
          fs.add(eq < 0 ? new Option(o, null) : new Option(o.substring(0, eq), o.substring(eq + 1)));
        }
      }
    }
    return new MountOptions(attrs, fs);
  }

  boolean hasAppendedLowers() {
    return fsOptions.stream().anyMatch(o -> o.key().equals("lowerdir+"));
  }

  /** The mount(2) flags equivalent to {@link #attributes()}. */
  long legacyFlags() {
    long flags = 0;
    if ((attributes & MountApi.MOUNT_ATTR_RDONLY) != 0) flags |= MS_RDONLY;
    if ((attributes & MountApi.MOUNT_ATTR_NOSUID) != 0) flags |= MS_NOSUID;
    if ((attributes & MountApi.MOUNT_ATTR_NODEV) != 0) flags |= MS_NODEV;
    if ((attributes & MOUNT_ATTR_NOEXEC) != 0) flags |= MS_NOEXEC;
    return flags;
  }

  /** The single comma-joined option string of mount(2), with lowerdir+ options folded into one lowerdir=. */
  String legacyData() {
    List<String> parts = new ArrayList<>();
    List<String> lowers = new ArrayList<>();
    for (Option o : fsOptions) {
      if (o.key().equals("lowerdir+")) {
        lowers.add(o.value().replace(":", "\\:"));
      } else {
        parts.add(o.value() == null ? o.key() : o.key() + "=" + o.value());
      }
    }
    if (!lowers.isEmpty()) parts.addFirst("lowerdir=" + String.join(":", lowers));
    return String.join(",", parts);
  }
}
