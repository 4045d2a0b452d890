package dev.berth.api.exec;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.berth.api.containers.WireJson;
import dev.berth.engine.ExecService;
import java.util.List;

/**
 * The body of {@code POST /containers/{id}/exec}, e.g. (docker CLI 28, {@code exec -it web sh}):
 *
 * <pre>{"User":"","Privileged":false,"Tty":true,"ConsoleSize":[24,80],"AttachStdin":true,"AttachStderr":true,
 *  "AttachStdout":true,"Detach":false,"DetachKeys":"","Env":null,"WorkingDir":"","Cmd":["sh"]}</pre>
 */
public record ExecCreateRequest(
    boolean AttachStdin,
    boolean AttachStdout,
    boolean AttachStderr,
    String DetachKeys,
    boolean Tty,
    List<Integer> ConsoleSize,
    List<String> Env,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> Cmd,
    boolean Privileged,
    String User,
    String WorkingDir) {
  private static final String WHAT = "exec create request";

  public static ExecCreateRequest parse(byte[] body) {
    return WireJson.bind(WireJson.tree(body, WHAT), ExecCreateRequest.class, "", WHAT);
  }

  public ExecService.ExecConfig toConfig() {
    return new ExecService.ExecConfig(Cmd, Env, WorkingDir, User, Tty, AttachStdin, AttachStdout, AttachStderr, Privileged, DetachKeys);
  }
}
