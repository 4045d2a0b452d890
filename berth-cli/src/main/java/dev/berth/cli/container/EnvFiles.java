package dev.berth.cli.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Environment variables and labels from flags and files, read as the docker CLI reads them: files first,
 * then flags; {@code NAME} alone takes its value from the client's environment (a file's line is dropped
 * when the variable is unset, a flag's is kept as is); blank lines and {@code #} comments are skipped.
 */
final class EnvFiles {
  private EnvFiles() {}

  /** {@code --env-file} then {@code -e}, in order. */
  static List<String> env(List<String> files, List<String> flags, Map<String, String> clientEnv) {
    List<String> env = new ArrayList<>();
    for (String file : files) {
      for (String line : lines(file)) {
        checkName("--env-file", line);
        String resolved = resolve(line, clientEnv);
        if (resolved != null) env.add(resolved);
      }
    }
    for (String flag : flags) {
      checkName("-e, --env", flag);
      String resolved = resolve(flag, clientEnv);
      env.add(resolved != null ? resolved : flag);
    }
    return env;
  }

  private static void checkName(String flag, String entry) {
    String name = entry.split("=", 2)[0];
    if (name.isEmpty()) throw new BadFlagException(flag, entry, "invalid environment variable: " + entry);
    if (entry.indexOf('=') < 0 && name.chars().anyMatch(Character::isWhitespace)) {
      throw new BadFlagException("variable '" + name + "' contains whitespaces");
    }
  }

  private static String resolve(String entry, Map<String, String> clientEnv) {
    if (entry.indexOf('=') >= 0) return entry;
    String value = clientEnv.get(entry);
    return value == null ? null : entry + "=" + value;
  }

  /** {@code --label-file} then {@code -l}; a key alone gets an empty value. */
  static Map<String, String> labels(List<String> files, List<String> flags) {
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    for (String file : files) all.addAll(lines(file));
    all.addAll(flags);
    for (String label : all) {
      String[] kv = label.split("=", 2);
      if (kv[0].isBlank()) throw new BadFlagException("-l, --label", label, "invalid label: " + label);
      labels.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    return labels;
  }

  private static List<String> lines(String file) {
    try {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        String l = line.stripLeading();
        if (!l.isEmpty() && !l.startsWith("#")) lines.add(l);
      }
      return lines;
    } catch (NoSuchFileException e) {
      throw new BadFlagException("open " + file + ": no such file or directory");
    } catch (IOException e) {
      throw new BadFlagException("open " + file + ": " + e.getMessage());
    }
  }
}
