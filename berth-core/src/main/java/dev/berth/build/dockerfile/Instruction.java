package dev.berth.build.dockerfile;

import java.time.Duration;
import java.util.List;

/**
 * One Dockerfile instruction, given its meaning: flags parsed and checked, arguments split. Words that the
 * builder expands with build args and ENV ({@link ShellWords}) are kept raw here, because their values are
 * known only at build time; which words are expanded is said on each record. RUN, CMD and ENTRYPOINT are
 * never expanded by the builder (the shell does it, or nothing does in the exec form).
 *
 * <p>Every instruction knows where it sits and its original text, for errors and for the build output
 * ({@code Step 2/6 : RUN echo hi}).
 */
public sealed interface Instruction {
  Location location();

  /** The text as written, continuation lines joined (BuildKit's {@code Original}). */
  String original();

  /** A command: the exec form's elements, or the shell form's single string (to run with SHELL). */
  record Command(List<String> args, boolean shellForm) {
    public Command {
      args = List.copyOf(args);
    }
  }

  /** A {@code key=value} of ENV or LABEL; both expanded. */
  record KeyValue(String key, String value) {}

  /** An ARG declaration; {@code defaultValue} is null when none is given, and is expanded. */
  record ArgDecl(String name, String defaultValue) {}

  /** FROM: {@code image} and {@code platform} expanded with the ARGs declared before the first FROM. */
  record From(String image, String alias, String platform, Location location, String original) implements Instruction {}

  /**
   * RUN. {@code mounts} and {@code network} hold {@code --mount} and {@code --network} as written (the
   * builder may refuse what it does not support); heredocs are the bodies the command reads.
   */
  record Run(Command command, List<Heredoc> heredocs, List<String> mounts, String network, Location location, String original)
      implements Instruction {
    public Run {
      heredocs = List.copyOf(heredocs);
      mounts = List.copyOf(mounts);
    }
  }

  /**
   * COPY: sources (globs allowed, expanded) relative to the context or to stage/image {@code from};
   * {@code dest} expanded; {@code chown} ({@code user[:group]}) and {@code chmod} (octal) expanded, null when
   * absent. A heredoc source ({@code COPY <<EOF /f}) is in {@code heredocs}, not in {@code sources}.
   */
  record Copy(List<String> sources, String dest, List<Heredoc> heredocs, String from, String chown, String chmod,
      boolean link, Location location, String original) implements Instruction {
    public Copy {
      sources = List.copyOf(sources);
      heredocs = List.copyOf(heredocs);
    }
  }

  /** ADD: as COPY, plus URLs and local tars (extracted); {@code checksum} is {@code --checksum}, null when absent. */
  record Add(List<String> sources, String dest, List<Heredoc> heredocs, String chown, String chmod, String checksum,
      boolean keepGitDir, boolean link, Location location, String original) implements Instruction {
    public Add {
      sources = List.copyOf(sources);
      heredocs = List.copyOf(heredocs);
    }
  }

  record Env(List<KeyValue> pairs, Location location, String original) implements Instruction {
    public Env {
      pairs = List.copyOf(pairs);
    }
  }

  record Arg(List<ArgDecl> args, Location location, String original) implements Instruction {
    public Arg {
      args = List.copyOf(args);
    }
  }

  /** WORKDIR, expanded. */
  record Workdir(String path, Location location, String original) implements Instruction {}

  /** USER, expanded. */
  record User(String user, Location location, String original) implements Instruction {}

  record Label(List<KeyValue> pairs, Location location, String original) implements Instruction {
    public Label {
      pairs = List.copyOf(pairs);
    }
  }

  /** EXPOSE: each port word expanded ({@code 80}, {@code 53/udp}, {@code 8000-8010}). */
  record Expose(List<String> ports, Location location, String original) implements Instruction {
    public Expose {
      ports = List.copyOf(ports);
    }
  }

  /** VOLUME: each path expanded (JSON or words). */
  record Volume(List<String> paths, Location location, String original) implements Instruction {
    public Volume {
      paths = List.copyOf(paths);
    }
  }

  record Cmd(Command command, Location location, String original) implements Instruction {}

  record Entrypoint(Command command, Location location, String original) implements Instruction {}

  /** SHELL: always the JSON form. */
  record Shell(List<String> shell, Location location, String original) implements Instruction {
    public Shell {
      shell = List.copyOf(shell);
    }
  }

  /** STOPSIGNAL, expanded. */
  record StopSignal(String signal, Location location, String original) implements Instruction {}

  /**
   * HEALTHCHECK: {@code test} is Docker's form ({@code ["NONE"]}, {@code ["CMD", …]} or
   * {@code ["CMD-SHELL", "…"]}); durations and retries null when not given.
   */
  record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
      Duration startInterval, Integer retries, Location location, String original) implements Instruction {
    public Healthcheck {
      test = List.copyOf(test);
    }
  }

  /** ONBUILD: the trigger's text as the image config stores it ({@code RUN echo hi}), and its parse. */
  record Onbuild(String expression, Instruction trigger, Location location, String original) implements Instruction {}

  /** MAINTAINER (deprecated): sets the image's author. */
  record Maintainer(String name, Location location, String original) implements Instruction {}
}
