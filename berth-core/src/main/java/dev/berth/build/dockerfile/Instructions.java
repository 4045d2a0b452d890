package dev.berth.build.dockerfile;

import dev.berth.build.dockerfile.Flags.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gives each syntax-tree {@link Node} its meaning as an {@link Instruction}: flags checked against the ones the
 * instruction takes, arguments counted and split. Words stay raw: the builder expands them.
 */
final class Instructions {
  static final List<String> KEYWORDS = List.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from",
      "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir");
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Map<String, Kind> NONE = Map.of();
  private static final Map<String, Kind> FROM = Flags.allowed("platform", Kind.STRING);
  private static final Map<String, Kind> RUN = Flags.allowed("mount", Kind.LIST, "network", Kind.STRING, "security", Kind.STRING);
  private static final Map<String, Kind> COPY = Flags.allowed("from", Kind.STRING, "chown", Kind.STRING, "chmod", Kind.STRING,
      "link", Kind.BOOL, "parents", Kind.BOOL, "exclude", Kind.LIST);
  private static final Map<String, Kind> ADD = Flags.allowed("chown", Kind.STRING, "chmod", Kind.STRING, "checksum", Kind.STRING,
      "keep-git-dir", Kind.BOOL, "link", Kind.BOOL);

  private final Node node;
  private final Location at;
  private final String name;

  private Instructions(Node node, String file) {
    this.node = node;
    this.at = new Location(file, node.startLine(), 1);
    this.name = node.keyword().toUpperCase(Locale.ROOT);
  }

  /** The instruction {@code node} stands for; throws DockerfileException with its location when it is wrong. */
  static Instruction translate(Node node, String file) {
    return new Instructions(node, file).translate();
  }

  /** Where {@code text} sits on the instruction's first line, else the instruction's start. */
  static Location columnOf(Node node, Location at, String text) {
    int i = node.original().indexOf(text);
    boolean oneLine = node.startLine() == node.endLine() && node.heredocs().isEmpty();
    return i < 0 || !oneLine ? at : new Location(at.file(), at.line(), i + 1);
  }

  private DockerfileException error(String message) {
    return new DockerfileException(at, message);
  }

  private Instruction translate() {
    String original = node.original();
    return switch (node.keyword()) {
      case "from" -> from();
      case "run" -> run();
      case "copy" -> copy();
      case "add" -> add();
      case "env" -> new Instruction.Env(pairs(), at, original);
      case "label" -> new Instruction.Label(pairs(), at, original);
      case "arg" -> arg();
      case "workdir" -> new Instruction.Workdir(single(), at, original);
      case "user" -> new Instruction.User(single(), at, original);
      case "stopsignal" -> new Instruction.StopSignal(single(), at, original);
      case "maintainer" -> new Instruction.Maintainer(single(), at, original);
      case "expose" -> new Instruction.Expose(atLeastOne(), at, original);
      case "volume" -> volume();
      case "cmd" -> new Instruction.Cmd(command(false), at, original);
      case "entrypoint" -> new Instruction.Entrypoint(command(false), at, original);
      case "shell" -> shell();
      case "healthcheck" -> HealthcheckParser.parse(node, at);
      case "onbuild" -> onbuild();
      default -> throw unknown();
    };
  }

  private DockerfileException unknown() {
    String written = Chars.splitBlank(Chars.trim(node.original()), 2).getFirst();
    String suggestion = Suggest.closest(node.keyword(), KEYWORDS);
    return error("unknown instruction: " + written
        + (suggestion == null ? " (expected one of " + String.join(", ", KEYWORDS).toUpperCase(Locale.ROOT) + ")"
            : " (did you mean " + suggestion.toUpperCase(Locale.ROOT) + "?)"));
  }

  private Instruction.From from() {
    Flags flags = Flags.parse(node, at, FROM);
    List<String> args = node.args();
    if (args.size() != 1 && args.size() != 3) {
      throw error("FROM requires either one or three arguments: expected FROM IMAGE [AS NAME], found " + args.size());
    }
    String alias = null;
    if (args.size() == 3) {
      if (!args.get(1).equalsIgnoreCase("as")) {
        throw new DockerfileException(columnOf(node, at, args.get(1)), "FROM: expected AS before the stage name, found " + GoQuote.quote(args.get(1)));
      }
      alias = args.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(alias).matches()) {
        throw new DockerfileException(columnOf(node, at, args.get(2)), "invalid name for build stage: " + GoQuote.quote(args.get(2))
            + ": expected a letter, then letters, digits, '-', '_' or '.'");
      }
    }
    return new Instruction.From(args.getFirst(), alias, flags.string("platform"), at, node.original());
  }

  private Instruction.Run run() {
    Flags flags = Flags.parse(node, at, RUN);
    String network = flags.string("network");
    if (network != null && !List.of("default", "none", "host").contains(network)) {
      throw error("RUN: unsupported network mode " + GoQuote.quote(network) + ": expected default, none or host");
    }
    String security = flags.string("security");
    if (security != null && !List.of("sandbox", "insecure").contains(security)) {
      throw error("RUN: unsupported security mode " + GoQuote.quote(security) + ": expected sandbox or insecure");
    }
    return new Instruction.Run(command(true), node.heredocs(), flags.list("mount"), network, at, node.original());
  }

  private Instruction.Command command(boolean required) {
    if (required && node.args().isEmpty()) throw error(name + " requires at least one argument");
    if (!node.keyword().equals("run")) Flags.parse(node, at, NONE);
    if (node.json()) return new Instruction.Command(node.args(), false);
    return new Instruction.Command(node.args().isEmpty() ? List.of() : List.of(String.join(" ", node.args())), true);
  }

  /** COPY and ADD: the sources, the destination, and the heredocs used as sources. */
  private record Sources(List<String> paths, String dest, List<Heredoc> heredocs) {}

  private Sources sources() {
    List<String> args = node.args();
    if (args.size() < 2) {
      throw error(name + " requires at least two arguments, but only " + (args.isEmpty() ? "none was" : "one was")
          + " provided: expected " + name + " SOURCE... DEST");
    }
    String dest = args.getLast();
    if (!node.json() && Heredocs.parse(dest) != null) throw error(name + " cannot accept a heredoc as a destination");
    List<String> paths = new ArrayList<>();
    List<Heredoc> heredocs = new ArrayList<>();
    for (String src : args.subList(0, args.size() - 1)) {
      Heredocs.Spec spec = node.json() ? null : Heredocs.parse(src);
      if (spec == null) {
        paths.add(src);
      } else {
        heredocs.add(node.heredocs().stream().filter(h -> h.name().equals(spec.name())).findFirst()
            .orElse(new Heredoc(spec.name(), "", spec.expand())));
      }
    }
    return new Sources(paths, dest, heredocs);
  }

  private Instruction.Copy copy() {
    Flags flags = Flags.parse(node, at, COPY);
    Sources s = sources();
    return new Instruction.Copy(s.paths(), s.dest(), s.heredocs(), flags.string("from"), flags.string("chown"),
        flags.string("chmod"), flags.bool("link"), at, node.original());
  }

  private Instruction.Add add() {
    Flags flags = Flags.parse(node, at, ADD);
    Sources s = sources();
    return new Instruction.Add(s.paths(), s.dest(), s.heredocs(), flags.string("chown"), flags.string("chmod"),
        flags.string("checksum"), flags.bool("keep-git-dir"), flags.bool("link"), at, node.original());
  }

  private List<Instruction.KeyValue> pairs() {
    Flags.parse(node, at, NONE);
    List<String> args = node.args();
    if (args.isEmpty()) throw error(name + " requires at least one argument: expected " + name + " KEY=VALUE...");
    if (args.size() % 3 != 0) throw error("Bad input to " + name + ", too many arguments");
    List<Instruction.KeyValue> pairs = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 3) {
      if (args.get(i).isEmpty()) throw error(name + " names can not be blank: expected " + name + " KEY=VALUE");
      pairs.add(new Instruction.KeyValue(args.get(i), args.get(i + 1)));
    }
    return pairs;
  }

  private Instruction.Arg arg() {
    Flags.parse(node, at, NONE);
    if (node.args().isEmpty()) throw error("ARG requires at least one argument: expected ARG NAME[=DEFAULT]");
    List<Instruction.ArgDecl> decls = new ArrayList<>();
    for (String word : node.args()) {
      int eq = word.indexOf('=');
      String key = eq < 0 ? word : word.substring(0, eq);
      if (key.isEmpty()) throw new DockerfileException(columnOf(node, at, word), "ARG names can not be blank: expected ARG NAME[=DEFAULT]");
      decls.add(new Instruction.ArgDecl(key, eq < 0 ? null : word.substring(eq + 1)));
    }
    return new Instruction.Arg(decls, at, node.original());
  }

  private String single() {
    Flags.parse(node, at, NONE);
    if (node.args().size() != 1) throw error(name + " requires exactly one argument");
    return node.args().getFirst();
  }

  private List<String> atLeastOne() {
    Flags.parse(node, at, NONE);
    if (node.args().isEmpty()) throw error(name + " requires at least one argument");
    return node.args();
  }

  private Instruction.Volume volume() {
    List<String> paths = atLeastOne();
    for (String p : paths) {
      if (Chars.trim(p).isEmpty()) throw error("VOLUME specified can not be an empty string");
    }
    return new Instruction.Volume(paths, at, node.original());
  }

  private Instruction.Shell shell() {
    Flags.parse(node, at, NONE);
    if (node.args().isEmpty()) throw error("SHELL requires at least one argument: expected SHELL [\"executable\", \"parameters\"]");
    if (!node.json()) throw error("SHELL requires the arguments to be in JSON form: expected SHELL [\"executable\", \"parameters\"]");
    return new Instruction.Shell(node.args(), at, node.original());
  }

  private Instruction.Onbuild onbuild() {
    Flags.parse(node, at, NONE);
    Node trigger = node.next();
    if (trigger == null) throw error("ONBUILD requires at least one argument: expected ONBUILD INSTRUCTION");
    switch (trigger.keyword()) {
      case "onbuild" -> throw error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "from", "maintainer" -> throw error(trigger.keyword().toUpperCase(Locale.ROOT) + " isn't allowed as an ONBUILD trigger");
      default -> { }
    }
    Node withHeredocs = new Node(trigger.keyword(), trigger.flags(), trigger.args(), trigger.json(), trigger.next(),
        node.heredocs(), trigger.original(), node.startLine(), node.endLine());
    StringBuilder expression = new StringBuilder(Chars.trim(Chars.splitBlank(Chars.trim(node.original()), 2).getLast()));
    for (Heredoc h : node.heredocs()) expression.append('\n').append(h.content()).append(h.name());
    return new Instruction.Onbuild(expression.toString(), translate(withHeredocs, at.file()), at, node.original());
  }
}
