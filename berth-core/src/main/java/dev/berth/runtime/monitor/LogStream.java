package dev.berth.runtime.monitor;

import dev.berth.errors.InvalidArgumentException;

/** The two output streams a container has without a terminal; they stay apart from process to client. */
public enum LogStream {
  STDOUT, STDERR;

  /** The stream's name as written in k8s-file and Docker's json-file logs. */
  public String wireName() {
    return this == STDOUT ? "stdout" : "stderr";
  }

  static LogStream parse(String name) {
    return switch (name) {
      case "stdout" -> STDOUT;
      case "stderr" -> STDERR;
      default -> throw new InvalidArgumentException("read log: unknown stream \"" + name + "\"");
    };
  }
}
