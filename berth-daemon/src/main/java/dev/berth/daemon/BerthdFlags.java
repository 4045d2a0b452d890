package dev.berth.daemon;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Mtu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * berthd's command line. Hand-written rather than picocli because berthd starts often (tests, service
 * restarts) and picocli's reflection over annotations cost ~0.7 s of a ~3.4 s start on a busy machine;
 * a dozen flags do not need it. Accepts {@code --flag value}, {@code --flag=value}, {@code -H value},
 * {@code -H=value} and {@code -Hvalue}, as picocli did.
 */
sealed interface BerthdFlags {
  /** Run the daemon with these flags. */
  record Run(ConfigResolver.Flags flags) implements BerthdFlags {}

  /** {@code -h}/{@code --help}. */
  record Help() implements BerthdFlags {}

  /** {@code -V}/{@code --version}. */
  record Version() implements BerthdFlags {}

  /** A usage error: the message says what is wrong; the exit code is 2. */
  record Invalid(String message) implements BerthdFlags {}

  String USAGE = """
      Usage: berthd [-DhV] [--config-file=FILE] [--data-root=DIR] [--exec-root=DIR]
                    [--group=GROUP] [--storage-driver=overlay|vfs] [-H=unix:///path]...
                    [--bridge=NAME] [--bip=CIDR] [--iptables-chain-prefix=PREFIX]
                    [--default-address-pool=CIDR] [--userland-proxy[=true|false]]
                    [--mtu=BYTES]
      The Berth daemon: serves the Docker Engine API on a unix socket.
            --bip=CIDR            Default bridge network's subnet (default 172.30.0.0/16)
            --bridge=NAME         Default bridge network's bridge (default berth0; none: no
                                  container networking, only loopback)
            --config-file=FILE    Daemon config file (default /etc/berth/daemon.json)
        -D, --debug               Log every request
            --data-root=DIR       Persistent state (default /var/lib/berth)
            --exec-root=DIR       Runtime state and pidfile (default /run/berth)
            --default-address-pool=CIDR
                                  Where user networks' subnets come from (default 172.31.0.0/16)
            --group=GROUP         Group owning the socket (default berth)
        -h, --help                Show this help message and exit.
        -H, --host=unix:///path   Socket to listen on (repeatable; default unix:///run/berth/berth.sock)
            --iptables-chain-prefix=PREFIX
                                  Prefix of the daemon's iptables chains (default BERTH)
            --mtu=BYTES           Default bridge network's MTU, 68 to 65535 (default 1500)
            --storage-driver=overlay|vfs
                                  Storage driver (default overlay)
            --userland-proxy[=true|false]
                                  Serve published ports on the host's loopback with a proxy
                                  (default true); false: reach them by DNAT, with no proxy
        -V, --version             Print version information and exit.
      """;

  List<String> VALUED = List.of("--data-root", "--exec-root", "--storage-driver", "--config-file", "--group", "--bridge", "--bip",
      "--iptables-chain-prefix", "--default-address-pool", "--mtu");

  static BerthdFlags parse(String... args) {
    List<String> hosts = new ArrayList<>();
    String[] values = new String[10]; // data-root, exec-root, storage-driver, config-file, group, bridge, bip, prefix, pool, mtu
    Boolean debug = null;
    Boolean userlandProxy = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (arg.startsWith("-H") && arg.length() > 2) {
        name = "-H";
        value = arg.charAt(2) == '=' ? arg.substring(3) : arg.substring(2);
      }
      switch (name) {
        case "-h", "--help" -> {
          return new Help();
        }
        case "-V", "--version" -> {
          return new Version();
        }
        case "-D", "--debug" -> debug = true;
        case "--userland-proxy" -> {
          if (value == null || value.equals("true")) userlandProxy = true;
          else if (value.equals("false")) userlandProxy = false;
          else return new Invalid("Invalid value for option '--userland-proxy': '" + value + "' is not a boolean (true or false)");
        }
        case "-H", "--host", "--data-root", "--exec-root", "--storage-driver", "--config-file", "--group", "--bridge", "--bip",
            "--iptables-chain-prefix", "--default-address-pool", "--mtu" -> {
          if (value == null) {
            if (i + 1 >= args.length) return new Invalid("Missing required parameter for option '" + name + "'");
            value = args[++i];
          }
          if (name.equals("-H") || name.equals("--host")) hosts.add(value);
          else values[VALUED.indexOf(name)] = value;
        }
        default -> {
          return new Invalid(arg.startsWith("-") ? "Unknown option: '" + arg + "'" : "Unmatched argument: '" + arg + "'");
        }
      }
    }
    Integer mtu;
    try {
      mtu = values[9] == null ? null : Mtu.parse(values[9], "--mtu");
    } catch (InvalidArgumentException e) {
      return new Invalid("Invalid value for option '--mtu': '" + values[9] + "' is not an integer from " + Mtu.MIN + " to " + Mtu.MAX);
    }
    return new Run(new ConfigResolver.Flags(hosts, path(values[0]), path(values[1]), values[2], path(values[3]), values[4], debug,
        new NetworkFlags(values[5], values[6], values[7], values[8], userlandProxy, mtu)));
  }

  private static Path path(String s) {
    return s == null ? null : Path.of(s);
  }
}
