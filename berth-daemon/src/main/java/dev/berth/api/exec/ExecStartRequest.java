package dev.berth.api.exec;

import dev.berth.api.containers.WireJson;
import java.util.List;

/** The body of {@code POST /exec/{id}/start}: {@code {"Detach":false,"Tty":true,"ConsoleSize":[24,80]}}. */
public record ExecStartRequest(boolean Detach, Boolean Tty, List<Integer> ConsoleSize) {
  private static final String WHAT = "exec start request";

  public static ExecStartRequest parse(byte[] body) {
    ExecStartRequest r = WireJson.bind(WireJson.tree(body, WHAT), ExecStartRequest.class, "", WHAT);
    return r == null ? new ExecStartRequest(false, null, null) : r;
  }
}
