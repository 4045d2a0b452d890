package dev.berth.api.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.ExecService;
import java.util.List;

/**
 * The answer of {@code GET /exec/{id}/json}, e.g.
 *
 * <pre>{"CanRemove":false,"ContainerID":"3f2a…","DetachKeys":"","ExitCode":0,"ID":"9c1b…","OpenStderr":true,
 *  "OpenStdin":false,"OpenStdout":true,"ProcessConfig":{"arguments":["-c","exit 3"],"entrypoint":"sh",
 *  "privileged":false,"tty":false,"user":""},"Running":false,"Pid":4242}</pre>
 *
 * {@code ExitCode} is null while the process never ended.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExecInspect(
    boolean CanRemove,
    String ContainerID,
    String DetachKeys,
    Integer ExitCode,
    String ID,
    boolean OpenStderr,
    boolean OpenStdin,
    boolean OpenStdout,
    ProcessConfig ProcessConfig,
    boolean Running,
    long Pid) {

  public record ProcessConfig(List<String> arguments, String entrypoint, boolean privileged, boolean tty, String user) {}

  public static ExecInspect of(ExecService.ExecView v) {
    ExecService.ExecConfig c = v.config();
    return new ExecInspect(false, v.containerId(), c.detachKeys() == null ? "" : c.detachKeys(), v.exitCode(), v.id(),
        c.attachStderr(), v.openStdin(), c.attachStdout(),
        new ProcessConfig(c.cmd().subList(1, c.cmd().size()), c.cmd().getFirst(), c.privileged(), c.tty(), c.user()),
        v.running(), v.pid());
  }
}
