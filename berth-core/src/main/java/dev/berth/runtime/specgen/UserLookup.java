package dev.berth.runtime.specgen;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves Docker's {@code --user} forms (name, uid, uid:gid, name:group, uid:group, name:gid; empty means
 * root) against the rootfs's own /etc/passwd and /etc/group, never the host's. As in Docker: a numeric uid
 * missing from passwd is still allowed (gid 0, home /); a name must exist; without an explicit group the
 * user's primary gid comes from passwd and the supplementary groups are the groups that list the user by
 * name; {@code --group-add} entries (names or gids) are appended. The primary gid always leads the
 * supplementary list.
 */
public final class UserLookup {
  private UserLookup() {}

  record PasswdEntry(String name, int uid, int gid, String home) {}

  record GroupEntry(String name, int gid, List<String> members) {}

  public static ExecUser resolve(Path rootfs, String user, List<String> groupAdd) {
    String spec = user == null ? "" : user.trim();
    String userPart = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    String groupPart = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "";
    List<PasswdEntry> passwd = readPasswd(rootfs);
    List<GroupEntry> groups = readGroups(rootfs);
    PasswdEntry entry = findUser(passwd, userPart.isEmpty() ? "0" : userPart, spec);
    int gid = groupPart.isEmpty() ? entry.gid() : findGroup(groups, groupPart, spec).gid();
    // The primary group is also a supplementary one, as containerd and Docker set it since
    // GHSA-hmfx-3pcx-653p: otherwise a group-denied file stays readable through the image's default groups.
    Set<Integer> extra = new LinkedHashSet<>(List.of(gid));
    if (groupPart.isEmpty() && entry.name() != null) {
      groups.stream().filter(g -> g.members().contains(entry.name())).forEach(g -> extra.add(g.gid()));
    }
    for (String g : groupAdd) {
      extra.add(findGroup(groups, g, "--group-add " + g).gid());
    }
    return new ExecUser(entry.uid(), gid, new ArrayList<>(extra), entry.home());
  }

  private static PasswdEntry findUser(List<PasswdEntry> passwd, String user, String spec) {
    Optional<Integer> uid = number(user);
    Optional<PasswdEntry> found = passwd.stream()
        .filter(p -> uid.isPresent() ? p.uid() == uid.get() : p.name().equals(user))
        .findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    if (uid.isPresent()) {
      return new PasswdEntry(null, uid.get(), 0, "/");
    }
    throw new InvalidArgumentException(
        "unable to find user " + user + ": no matching entries in passwd file (user \"" + spec + "\")");
  }

  private static GroupEntry findGroup(List<GroupEntry> groups, String group, String context) {
    Optional<Integer> gid = number(group);
    return groups.stream()
        .filter(g -> gid.isPresent() ? g.gid() == gid.get() : g.name().equals(group))
        .findFirst()
        .or(() -> gid.map(n -> new GroupEntry(null, n, List.of())))
        .orElseThrow(() -> new InvalidArgumentException(
            "unable to find group " + group + ": no matching entries in group file (" + context + ")"));
  }

  private static Optional<Integer> number(String text) {
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("user or group id out of range: " + text, e);
    }
  }

  static List<PasswdEntry> readPasswd(Path rootfs) {
    List<PasswdEntry> entries = new ArrayList<>();
    for (String[] f : fields(rootfs, "/etc/passwd")) {
      if (f.length >= 6 && isId(f[2]) && isId(f[3])) {
        entries.add(new PasswdEntry(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]));
      }
    }
    return entries;
  }

  static List<GroupEntry> readGroups(Path rootfs) {
    List<GroupEntry> entries = new ArrayList<>();
    for (String[] f : fields(rootfs, "/etc/group")) {
      if (f.length >= 3 && isId(f[2])) {
        List<String> members = f.length >= 4 && !f[3].isBlank() ? List.of(f[3].trim().split("\\s*,\\s*")) : List.of();
        entries.add(new GroupEntry(f[0], Integer.parseInt(f[2]), members));
      }
    }
    return entries;
  }

  private static boolean isId(String s) {
    return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
  }

  /** The colon-separated lines of a file in the rootfs; a missing file is empty, comments are skipped. */
  private static List<String[]> fields(Path rootfs, String file) {
    try {
      Path p = RootfsPath.resolve(rootfs, file);
      if (!RootfsPath.isFile(p)) {
        return List.of();
      }
      return Files.readAllLines(p, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.split(":", -1))
          .toList();
    } catch (IOException e) {
      throw new SystemException("resolve user: cannot read " + file + " in " + rootfs + ": " + e.getMessage(), e);
    }
  }
}
