package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Privileges: {@code --privileged}, capabilities to add and drop, and {@code --security-opt} entries
 * ({@code no-new-privileges}, {@code seccomp=unconfined}, {@code apparmor=…}), and the namespaced kernel parameters
 * the container sets for itself ({@code --sysctl}, compose's {@code sysctls}; which ones are allowed is checked with
 * the rest of the options, see {@code OptionsValidator}). Capabilities are normalized as
 * Docker does: any case, with or without {@code CAP_}, stored as {@code CAP_NET_ADMIN}; {@code ALL} stays.
 */
public record SecurityConfig(boolean privileged, List<String> capAdd, List<String> capDrop, List<String> securityOpt,
    Map<String, String> sysctls) {
  public static final SecurityConfig DEFAULT = new SecurityConfig(false, null, null, null);

  /** Without sysctls (the form before they were kept). */
  public SecurityConfig(boolean privileged, List<String> capAdd, List<String> capDrop, List<String> securityOpt) {
    this(privileged, capAdd, capDrop, securityOpt, null);
  }
  private static final Pattern CAP = Pattern.compile("CAP_[A-Z0-9_]+|ALL");

  public SecurityConfig {
    capAdd = capabilities(capAdd);
    capDrop = capabilities(capDrop);
    securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    for (String opt : securityOpt) {
      if (opt == null || opt.isBlank()) throw new InvalidArgumentException("invalid --security-opt: empty option");
    }
  }

  private static List<String> capabilities(List<String> caps) {
    if (caps == null) return List.of();
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String c : caps) out.add(normalizeCapability(c));
    return List.copyOf(out);
  }

  /** {@code net_admin} → {@code CAP_NET_ADMIN}; {@code all} → {@code ALL}. */
  public static String normalizeCapability(String cap) {
    if (cap == null || cap.isBlank()) throw new InvalidArgumentException("invalid capability: empty name");
    String c = cap.strip().toUpperCase(Locale.ROOT);
    if (!c.equals("ALL") && !c.startsWith("CAP_")) c = "CAP_" + c;
    if (!CAP.matcher(c).matches()) throw new InvalidArgumentException("invalid capability '" + cap + "': only letters, digits and '_' are allowed");
    return c;
  }
}
