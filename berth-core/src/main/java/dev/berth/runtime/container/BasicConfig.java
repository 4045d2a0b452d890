package dev.berth.runtime.container;

import java.util.List;
import java.util.Map;

/**
 * What the container runs, Docker's {@code Config} minus storage: image, command, environment, identity.
 *
 * <p>In a create request a null {@code cmd} or {@code entrypoint} means "not given" (take the image's); an
 * {@code entrypoint} of {@code [""]} or {@code []} means "clear the image's". Empty lists and maps mean "not
 * given" elsewhere, as in Docker. After {@link ImageConfigMerger#merge} the record holds the effective values.
 *
 * @param image the image reference as the user gave it
 * @param exposedPorts {@code "80/tcp"} form, sorted
 * @param stopSignal as given (validated), null for the default SIGTERM
 * @param stopTimeout seconds, null for the engine's default (10)
 */
public record BasicConfig(
    String image,
    List<String> cmd,
    List<String> entrypoint,
    List<String> env,
    String workingDir,
    String user,
    Map<String, String> labels,
    String hostname,
    String domainname,
    boolean tty,
    boolean openStdin,
    String stopSignal,
    Integer stopTimeout,
    Healthcheck healthcheck,
    List<String> exposedPorts) {

  public BasicConfig {
    if (image == null || image.isBlank()) throw new dev.berth.errors.InvalidArgumentException("invalid container config: no image given");
    cmd = cmd == null ? null : List.copyOf(cmd);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    env = env == null ? List.of() : List.copyOf(env);
    workingDir = workingDir == null ? "" : workingDir;
    user = user == null ? "" : user;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    hostname = hostname == null ? "" : hostname;
    domainname = domainname == null ? "" : domainname;
    if (stopSignal != null && !stopSignal.isEmpty()) Signal.parse(stopSignal);
    if (stopSignal != null && stopSignal.isEmpty()) stopSignal = null;
    if (stopTimeout != null && stopTimeout < -1) {
      throw new dev.berth.errors.InvalidArgumentException("invalid stop timeout " + stopTimeout + ": must be -1 (wait forever) or more");
    }
    exposedPorts = exposedPorts == null ? List.of() : Ports.normalize(exposedPorts);
  }

  /** A request for {@code image} with nothing else given. */
  public static BasicConfig of(String image) {
    return new BasicConfig(image, null, null, null, null, null, null, null, null, false, false, null, null, null, null);
  }

  public BasicConfig withCmd(List<String> value) {
    return new BasicConfig(image, value, entrypoint, env, workingDir, user, labels, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, healthcheck, exposedPorts);
  }

  public BasicConfig withEntrypoint(List<String> value) {
    return new BasicConfig(image, cmd, value, env, workingDir, user, labels, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, healthcheck, exposedPorts);
  }

  public BasicConfig withEnv(List<String> value) {
    return new BasicConfig(image, cmd, entrypoint, value, workingDir, user, labels, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, healthcheck, exposedPorts);
  }

  public BasicConfig withWorkingDir(String value) {
    return new BasicConfig(image, cmd, entrypoint, env, value, user, labels, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, healthcheck, exposedPorts);
  }

  public BasicConfig withUser(String value) {
    return new BasicConfig(image, cmd, entrypoint, env, workingDir, value, labels, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, healthcheck, exposedPorts);
  }

  public BasicConfig withLabels(Map<String, String> value) {
    return new BasicConfig(image, cmd, entrypoint, env, workingDir, user, value, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, healthcheck, exposedPorts);
  }

  public BasicConfig withStopSignal(String value) {
    return new BasicConfig(image, cmd, entrypoint, env, workingDir, user, labels, hostname, domainname, tty, openStdin, value, stopTimeout, healthcheck, exposedPorts);
  }

  public BasicConfig withHealthcheck(Healthcheck value) {
    return new BasicConfig(image, cmd, entrypoint, env, workingDir, user, labels, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, value, exposedPorts);
  }

  public BasicConfig withExposedPorts(List<String> value) {
    return new BasicConfig(image, cmd, entrypoint, env, workingDir, user, labels, hostname, domainname, tty, openStdin, stopSignal, stopTimeout, healthcheck, value);
  }

  /**
   * The environment the process gets: {@link #env} without entries that have no {@code =}. Such an entry
   * ({@code "LANG"}) names a variable to remove, as Docker's API documents: it has already overridden the
   * image's value by name in the merge, and here it drops out.
   */
  public List<String> processEnv() {
    return env.stream().filter(e -> e.indexOf('=') > 0).toList();
  }

  /** The directory the process starts in: the configured one, or {@code /} when none is set (Docker's default). */
  public String cwd() {
    return workingDir.isEmpty() ? "/" : workingDir;
  }

  /** The signal {@code stop} sends first: the configured one, or SIGTERM. */
  public Signal effectiveStopSignal() {
    return stopSignal == null ? Signal.SIGTERM : Signal.parse(stopSignal);
  }
}
