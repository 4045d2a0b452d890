package dev.berth.daemon.boot;

import dev.berth.engine.Dom0Service.Step;
import dev.berth.engine.dom0.Steps;
import dev.berth.sys.HostName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/**
 * The host settings kept under the data root, applied first at boot. Today the host name: the first line of
 * {@code host/etc/hostname}, set with sethostname(2) in berthd's UTS namespace (the host's, under systemd). A
 * missing file leaves the name as it is; a bad name or a refused call fails the step and the boot goes on.
 */
public final class HostSettings {
  private final HostFiles files;

  public HostSettings(HostFiles files) {
    this.files = files;
  }

  public Step applyHostname() {
    Step started = Steps.running("hostname", "reading " + files.hostname());
    String wanted;
    try {
      wanted = Files.readAllLines(files.hostname()).stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    } catch (NoSuchFileException e) {
      return Steps.skipped(started, "no " + files.hostname() + ": the host name stays as it is");
    } catch (IOException e) {
      return Steps.failed(started, "host name not set", "reading " + files.hostname() + ": " + e.getMessage());
    }
    String problem = HostName.problem(wanted);
    if (problem != null) {
      return Steps.failed(started, "host name not set", "setting the host name from " + files.hostname() + ": \"" + wanted + "\" is not a valid host name: " + problem);
    }
    try {
      String before = HostName.get();
      if (before.equals(wanted)) return Steps.done(started, "the host name is already " + wanted);
      HostName.set(wanted);
      return Steps.done(started, "set the host name to " + wanted + " (was " + before + ")");
    } catch (IOException e) {
      return Steps.failed(started, "host name not set", "setting the host name to " + wanted + ": " + e.getMessage());
    }
  }
}
