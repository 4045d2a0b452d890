package dev.berth.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Merges the three sources of a daemon's settings, highest first: command-line flags, the config file,
 * the built-in defaults. A flag left out is null here, so "not given" and "given as the default" differ.
 */
public final class ConfigResolver {
  private ConfigResolver() {}

  /** The flags as given; null (or empty hosts) when absent. */
  public record Flags(List<String> hosts, Path dataRoot, Path execRoot, String storageDriver, Path configFile, String group, Boolean debug,
      NetworkFlags network) {
    public Flags {
      hosts = hosts == null ? List.of() : List.copyOf(hosts);
      network = network == null ? NetworkFlags.NONE : network;
    }

    /** Without network flags. */
    public Flags(List<String> hosts, Path dataRoot, Path execRoot, String storageDriver, Path configFile, String group, Boolean debug) {
      this(hosts, dataRoot, execRoot, storageDriver, configFile, group, debug, NetworkFlags.NONE);
    }

    public static Flags none() {
      return new Flags(List.of(), null, null, null, null, null, null);
    }
  }

  public static DaemonConfig resolve(Flags flags) {
    Path file = flags.configFile() != null ? flags.configFile() : DaemonConfig.DEFAULT_CONFIG_FILE;
    Optional<ConfigFile> cf = ConfigFile.load(file, flags.configFile() != null);
    DaemonConfig d = DaemonConfig.defaults();
    List<String> hosts = !flags.hosts().isEmpty() ? flags.hosts() : cf.map(ConfigFile::hosts).filter(h -> !h.isEmpty()).orElse(d.hosts());
    Path dataRoot = first(flags.dataRoot(), cf.map(ConfigFile::dataRoot).map(Path::of).orElse(null), d.dataRoot());
    Path execRoot = first(flags.execRoot(), cf.map(ConfigFile::execRoot).map(Path::of).orElse(null), d.execRoot());
    String driver = first(flags.storageDriver(), cf.map(ConfigFile::storageDriver).orElse(null), d.storageDriver());
    String group = first(flags.group(), cf.map(ConfigFile::group).orElse(null), d.group());
    boolean debug = first(flags.debug(), cf.map(ConfigFile::debug).orElse(null), d.debug());
    NetworkFlags net = flags.network().over(cf.map(ConfigFile::network).orElse(NetworkFlags.NONE));
    return new DaemonConfig(hosts, dataRoot, execRoot, driver, group, debug, net.resolve(execRoot),
        cf.map(ConfigFile::registry).orElse(null), cf.map(ConfigFile::dom0Image).orElse(null),
        cf.map(ConfigFile::uploadExpiry).orElse(null));
  }

  private static <T> T first(T flag, T file, T fallback) {
    return flag != null ? flag : file != null ? file : fallback;
  }
}
