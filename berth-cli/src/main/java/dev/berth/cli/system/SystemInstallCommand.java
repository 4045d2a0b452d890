package dev.berth.cli.system;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth system install}: writes the systemd unit {@code berthd.service} (so berthd, and with it dom0, starts
 * at boot) into {@code <prefix>/etc/systemd/system} and runs {@code systemctl daemon-reload}. There is no socket
 * unit: berthd has to start at boot anyway to converge dom0, so activation on first use would gain nothing. The
 * unit runs the berthd launcher of this installation ({@code bin/berthd} beside the CLI's checkout) unless
 * {@code --berthd} names another; it must exist and be executable.
 */
@Command(description = "Install the systemd unit berthd.service, so that berthd (and with it dom0) starts at boot",
    footerHeading = "%nExamples:%n",
    footer = {
      "  berth system install                          (writes /etc/systemd/system/berthd.service, then systemctl daemon-reload)",
      "  systemctl enable --now berthd",
      "  berth system install --prefix /tmp/root       (writes /tmp/root/etc/systemd/system/berthd.service; no reload)"})
public final class SystemInstallCommand implements Callable<Integer> {
  static final String UNIT = "berthd.service";
  static final Path UNIT_DIR = Path.of("etc/systemd/system");

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = "--prefix", paramLabel = "DIR", description = "Install under DIR instead of / (the unit goes to DIR/etc/systemd/system; no daemon-reload)")
  Path prefix;

  @Option(names = "--berthd", paramLabel = "PATH", description = "The berthd launcher the unit runs (default: bin/berthd of this installation)")
  Path berthd;

  @Option(names = "--no-reload", description = "Do not run systemctl daemon-reload")
  boolean noReload;

  public SystemInstallCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path launcher = launcher();
    Path root = prefix == null ? Path.of("/") : prefix.toAbsolutePath();
    Path dir = root.resolve(UNIT_DIR);
    Files.createDirectories(dir);
    Path unit = dir.resolve(UNIT);
    Path tmp = dir.resolve("." + UNIT + ".tmp");
    Files.writeString(tmp, unit(launcher), StandardCharsets.UTF_8);
    Files.move(tmp, unit, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    ctx.out().println("Wrote " + unit + " (ExecStart=" + launcher + ")");
    if (noReload || prefix != null) {
      ctx.out().println("Not reloading systemd" + (prefix != null ? " (installed under --prefix)" : "") + ".");
      return 0;
    }
    reload();
    ctx.out().println("Reloaded systemd. Start berthd at every boot with: systemctl enable --now berthd");
    return 0;
  }

  /** The unit's text for this launcher. */
  static String unit(Path launcher) throws IOException {
    try (InputStream in = SystemInstallCommand.class.getResourceAsStream(UNIT)) {
      if (in == null) throw new IOException("the unit template " + UNIT + " is missing from the berth CLI jar");
      String docs = launcher.getParent() == null || launcher.getParent().getParent() == null ? "/usr/share/doc/berth/dom0.md"
          : launcher.getParent().getParent().resolve("docs/dom0.md").toString();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@BERTHD@", launcher.toString()).replace("@DOCS@", docs);
    }
  }

  private Path launcher() {
    Path p = berthd != null ? berthd.toAbsolutePath().normalize() : defaultLauncher();
    if (!Files.isRegularFile(p)) throw new CliException("cannot install berthd.service: the berthd launcher " + p + " does not exist (build Berth first, or pass --berthd PATH)");
    if (!Files.isExecutable(p)) throw new CliException("cannot install berthd.service: the berthd launcher " + p + " is not executable");
    return p;
  }

  /** {@code bin/berthd} of the checkout this CLI's jar was built in ({@code <checkout>/berth-cli/target/berth-cli.jar}). */
  static Path defaultLauncher() {
    try {
      Path jar = Path.of(SystemInstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path checkout = jar.getParent() == null || jar.getParent().getParent() == null ? jar : jar.getParent().getParent().getParent();
      return checkout.resolve("bin/berthd").normalize();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      throw new CliException("cannot install berthd.service: cannot tell where this berth CLI is installed; pass --berthd PATH");
    }
  }

  private void reload() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("systemctl", "daemon-reload").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new CliException("systemctl daemon-reload did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new CliException("the unit is written, but systemctl daemon-reload failed (exit " + p.exitValue() + "): " + output
          + "; run it yourself, or pass --no-reload");
    }
  }
}
