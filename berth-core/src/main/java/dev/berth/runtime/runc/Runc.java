package dev.berth.runtime.runc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Json;
import dev.berth.runtime.spec.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Drives the runc binary. Every call passes {@code --root <execRoot>/runc}, so runc's state belongs to one
 * daemon. Control commands (start, kill, delete, …) wait at most {@link #CONTROL_TIMEOUT}; run and exec in
 * the foreground wait as long as the caller allows. A failure is a NotFoundException (no such container), a
 * ConflictException (the id is taken) or a SystemException, each carrying runc's message.
 */
public final class Runc {
  public static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FIFO_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern ID = Pattern.compile("[\\w+.-]+");
  private static final Pattern SIGNAL = Pattern.compile("[0-9]+|(SIG)?[A-Z0-9+-]+");

  private final Path binary;
  private final Path root;

  /**
   * @param binary the runc executable ("runc" finds it on PATH)
   * @param execRoot the daemon's runtime directory; runc's state goes to its "runc" child
   */
  public Runc(Path binary, Path execRoot) {
    this.binary = Objects.requireNonNull(binary, "binary");
    this.root = execRoot.resolve("runc");
  }

  public static Runc atExecRoot(Path execRoot) {
    return new Runc(Path.of("runc"), execRoot);
  }

  /** The directory runc keeps its state in. */
  public Path stateRoot() {
    return root;
  }

  private RuncCommand command(String action, String id, String... args) {
    if (id != null && !ID.matcher(id).matches()) {
      throw new InvalidArgumentException(action + ": invalid container id \"" + id + "\"");
    }
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new SystemException(action + ": cannot create runc root " + root + ": " + e.getMessage(), e);
    }
    List<String> argv = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
    argv.addAll(List.of(args));
    return new RuncCommand(action, argv);
  }

  /** {@code runc create}: sets the container up from the bundle's config.json, stopped before the user's process. */
  public void create(String id, Path bundle, CreateOptions options) {
    List<String> args = new ArrayList<>(List.of("create", "--bundle", bundle.toString()));
    if (options.pidFile() != null) {
      args.addAll(List.of("--pid-file", options.pidFile().toString()));
    }
    if (options.consoleSocket() != null) {
      args.addAll(List.of("--console-socket", options.consoleSocket().toString()));
    }
    args.add(id);
    command("create container " + id, id, args.toArray(String[]::new))
        .output(options.stdout(), options.stderr())
        .check(CONTROL_TIMEOUT);
  }

  /** {@code runc start}: runs the user's process of a created container. */
  /**
   * Runs the created container's process. This does what {@code runc start} does, without a runc process:
   * open the container's exec FIFO for reading, which releases its init (blocked opening the other end),
   * read the byte init writes before it execs, then remove the FIFO, which is how runc tells "created" from
   * "running". When that does not work (no FIFO, init gone), {@code runc start} runs and reports why.
   */
  public void start(String id) {
    Path fifo = stateRoot().resolve(id).resolve("exec.fifo");
    if (Files.exists(fifo) && ExecFifo.release(fifo, FIFO_TIMEOUT)) {
      return;
    }
    command("start container " + id, id, "start", id).check(CONTROL_TIMEOUT);
  }

  public RuncState state(String id) {
    RunResult r = command("inspect container " + id, id, "state", id).check(CONTROL_TIMEOUT);
    return Json.read(r.stdout(), RuncState.class);
  }

  /** Every container under this root; runc prints "null" when there are none. */
  public List<RuncState> list() {
    RunResult r = command("list containers", null, "list", "--format", "json").check(CONTROL_TIMEOUT);
    try {
      List<RuncState> states = Json.MAPPER.readValue(r.stdout(), new TypeReference<List<RuncState>>() {});
      return states == null ? List.of() : List.copyOf(states);
    } catch (IOException e) {
      throw new SystemException("list containers: runc printed malformed JSON: " + e.getMessage(), e);
    }
  }

  /** {@code runc kill [--all] id signal}; the signal by name (TERM, SIGKILL) or number. */
  public void kill(String id, String signal, boolean all) {
    if (!SIGNAL.matcher(signal).matches()) {
      throw new InvalidArgumentException("kill container " + id + ": invalid signal \"" + signal + "\"");
    }
    String[] args = all ? new String[] {"kill", "--all", id, signal} : new String[] {"kill", id, signal};
    command("kill container " + id, id, args).check(CONTROL_TIMEOUT);
  }

  /**
   * {@code runc delete [--force]}: removes a stopped container (force kills a running one first). A container
   * whose init has ended is removed without running runc ({@link StoppedContainer}), which spares a process on
   * every container exit. Without a state directory there is nothing for runc to do either (it would only
   * remove that directory, and fail unless forced), so no process is run: a removal after the exit's teardown
   * used to pay for one.
   */
  public void delete(String id, boolean force) {
    Path stateDir = stateRoot().resolve(id);
    if (!Files.exists(stateDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      if (force) return;
      throw new NotFoundException("delete container " + id + ": container does not exist");
    }
    if (Files.isDirectory(stateDir) && StoppedContainer.remove(stateDir)) {
      return;
    }
    String[] args = force ? new String[] {"delete", "--force", id} : new String[] {"delete", id};
    command("delete container " + id, id, args).check(CONTROL_TIMEOUT);
  }

  public void pause(String id) {
    command("pause container " + id, id, "pause", id).check(CONTROL_TIMEOUT);
  }

  public void resume(String id) {
    command("resume container " + id, id, "resume", id).check(CONTROL_TIMEOUT);
  }

  /**
   * {@code runc update --resources -}: changes the memory (limit, reservation, memory+swap), cpu (shares,
   * quota, period, cpuset) and pids limits of a running or paused container, with the JSON of
   * {@link ResourceUpdate} on stdin. A null member of {@code resources} (and a null field inside one) is left
   * as it is; the device rules are not changed by an update.
   */
  public void update(String id, Resources resources) {
    Objects.requireNonNull(resources, "resources");
    command("update container " + id, id, "update", "--resources", "-", id)
        .input(ResourceUpdate.json(resources))
        .check(CONTROL_TIMEOUT);
  }

  /** The host pids of the container's processes. */
  public List<Integer> ps(String id) {
    RunResult r = command("list processes of container " + id, id, "ps", "--format", "json", id).check(CONTROL_TIMEOUT);
    try {
      List<Integer> pids = Json.MAPPER.readValue(r.stdout(), new TypeReference<List<Integer>>() {});
      return pids == null ? List.of() : List.copyOf(pids);
    } catch (IOException e) {
      throw new SystemException("list processes of container " + id + ": malformed runc output: " + e.getMessage(), e);
    }
  }

  /**
   * {@code runc exec --process <file>} in the foreground: runs the process (an OCI "process" document) in
   * the running container and returns its exit code and output.
   */
  public RunResult exec(String id, Path processJson, Duration timeout) {
    return command("exec in container " + id, id, "exec", "--process", processJson.toString(), id)
        .run(timeout, false);
  }

  /** {@code runc exec --detach}: starts the process and returns; its pid goes to the options' pid file. */
  public void execDetached(String id, Path processJson, CreateOptions options) {
    List<String> args = new ArrayList<>(List.of("exec", "--detach", "--process", processJson.toString()));
    if (options.pidFile() != null) {
      args.addAll(List.of("--pid-file", options.pidFile().toString()));
    }
    if (options.consoleSocket() != null) {
      args.addAll(List.of("--console-socket", options.consoleSocket().toString()));
    }
    args.add(id);
    command("exec in container " + id, id, args.toArray(String[]::new))
        .output(options.stdout(), options.stderr())
        .check(CONTROL_TIMEOUT);
  }

  /**
   * {@code runc exec --process <file> --pid-file <pidFile>} in the foreground, streaming: returns at once
   * with runc running. runc exits with the process's status once it ended; its stdio is {@code io}'s.
   * Unlike {@link #execDetached} the exit status is never lost, since runc waits for the process.
   */
  public RuncExecProcess startExec(String id, Path processJson, Path pidFile, ExecIo io) {
    RuncCommand prefix = command("exec in container " + id, id);
    List<String> args = List.of("exec", "--process", processJson.toString(), "--pid-file", pidFile.toString(), id);
    return RuncExecProcess.start(prefix.argv(), args, io, pidFile);
  }

  /**
   * {@code runc run} in the foreground: create, start, wait and (unless {@code keep}) delete, for the
   * simple case. A container still running at the timeout is left to the caller's {@link #delete}.
   */
  public RunResult run(String id, Path bundle, Duration timeout, boolean keep) {
    List<String> args = new ArrayList<>(List.of("run", "--bundle", bundle.toString()));
    if (keep) {
      args.add("--keep");
    }
    args.add(id);
    return command("run container " + id, id, args.toArray(String[]::new)).run(timeout, false);
  }
}
