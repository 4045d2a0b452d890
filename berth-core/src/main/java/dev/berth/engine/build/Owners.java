package dev.berth.engine.build;

import dev.berth.engine.ContainerService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code --chown=user[:group]} to numbers: numeric parts as they are, names looked up in the image's
 * {@code /etc/passwd} and {@code /etc/group} (read through the container's archive endpoint). Without a group,
 * a numeric user gets the same number as group, a named user its primary group, as Docker does.
 */
final class Owners {
  private Owners() {}

  record Owner(int uid, int gid) {}

  static boolean numeric(String chown) {
    return chown.matches("[0-9]+(:[0-9]+)?");
  }

  /** Resolves {@code chown}; {@code container} is only read when a part is a name. */
  static Owner resolve(String chown, ContainerService containers, String container) {
    String[] parts = chown.split(":", 2);
    String user = parts[0];
    String group = parts.length > 1 ? parts[1] : null;
    if (user.isEmpty()) throw new InvalidArgumentException("invalid --chown " + chown + ": the user is empty");
    String passwd = null;
    int uid;
    int primaryGid = -1;
    if (user.matches("[0-9]+")) {
      uid = Integer.parseInt(user);
      primaryGid = uid;
    } else {
      passwd = read(containers, container, "/etc/passwd", "passwd", user);
      String[] entry = find(passwd, user);
      if (entry == null) throw new InvalidArgumentException("unable to find user " + user + ": no matching entries in passwd file");
      uid = Integer.parseInt(entry[2]);
      primaryGid = Integer.parseInt(entry[3]);
    }
    if (group == null || group.isEmpty()) return new Owner(uid, primaryGid);
    if (group.matches("[0-9]+")) return new Owner(uid, Integer.parseInt(group));
    String groups = read(containers, container, "/etc/group", "group", group);
    String[] entry = find(groups, group);
    if (entry == null) throw new InvalidArgumentException("unable to find group " + group + ": no matching entries in group file");
    return new Owner(uid, Integer.parseInt(entry[2]));
  }

  private static String[] find(String file, String name) {
    for (String line : file.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && f[0].equals(name)) return f;
    }
    return null;
  }

  private static String read(ContainerService containers, String container, String path, String kind, String name) {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try {
      containers.getArchive(container, path, tar);
    } catch (NotFoundException e) {
      throw new InvalidArgumentException("unable to find " + (kind.equals("passwd") ? "user " : "group ") + name
          + ": no " + kind + " file in the image (" + path + ")");
    }
    return new String(TarFiles.firstFile(tar.toByteArray()), StandardCharsets.UTF_8);
  }
}
