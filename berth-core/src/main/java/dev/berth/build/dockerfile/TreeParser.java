package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Dockerfile text into a {@link SyntaxTree} with BuildKit's rules: directives first, then one instruction
 * per logical line. A line ending in the escape character continues on the next; comment lines inside a
 * continuation are dropped, blank ones too (with a warning). An instruction that may hold heredocs
 * (RUN, COPY, ADD, also under ONBUILD, not in JSON form) reads their bodies from the lines after it.
 */
final class TreeParser {
  private final String file;
  private final List<String> lines;
  private final Directives directives = new Directives();
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private int next;
  private int currentLine;
  private Pattern continuation;
  private int escapeOfPattern = '\\';

  TreeParser(String text, String file) {
    this.file = file;
    this.lines = splitLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
    this.continuation = continuationPattern('\\');
  }

  /** Lines with their endings kept, as BuildKit's scanLines. */
  private static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  /**
   * The escape character ends a line (optionally followed by blanks) unless it is itself escaped; a line of
   * only the escape character continues too.
   */
  private static Pattern continuationPattern(int escape) {
    String e = "\\" + Character.toString(escape);
    return Pattern.compile("([^" + e + "])" + e + "[ \\t]*\\z|^" + e + "[ \\t]*\\z");
  }

  SyntaxTree parse() {
    while (next < lines.size()) {
      String raw = lines.get(next++);
      String token = processLine(raw, true);
      currentLine++;
      int startLine = currentLine;
      Trimmed first = trimContinuation(token);
      if (first.complete() && first.text().isEmpty()) continue;
      StringBuilder buf = new StringBuilder(first.text());
      boolean complete = first.complete();
      boolean emptyContinuation = false;
      while (!complete && next < lines.size()) {
        String rawNext = lines.get(next++);
        String processed = processLine(rawNext, false);
        currentLine++;
        if (isComment(rawNext)) continue;
        if (Chars.trimLeft(trimNewline(processed)).isEmpty()) {
          emptyContinuation = true;
          continue;
        }
        Trimmed t = trimContinuation(processed);
        complete = t.complete();
        buf.append(t.text());
      }
      String line = buf.toString();
      if (emptyContinuation) {
        warnings.add(new Location(file, currentLine, 1) + ": empty continuation line found in: " + line
            + " (empty continuation lines will become errors in a future release)");
      }
      nodes.add(instruction(line, startLine));
    }
    if (nodes.isEmpty()) {
      throw new DockerfileException(new Location(file, Math.max(currentLine, 1), 1), "file with no instructions: expected at least one instruction such as FROM");
    }
    return new SyntaxTree(file, nodes, (char) directives.escape(), directives.syntax(), warnings);
  }

  private Node instruction(String line, int startLine) {
    Node parsed;
    try {
      parsed = nodeFromLine(line, startLine);
    } catch (LineParsers.SyntaxError e) {
      throw new DockerfileException(new Location(file, startLine, 1), e.getMessage());
    }
    List<Heredoc> heredocs = List.of();
    if (Heredocs.allowed(parsed) && line.contains("<<")) {
      heredocs = readHeredocs(line, startLine);
    }
    return withLines(parsed, heredocs, startLine, currentLine);
  }

  private static Node withLines(Node n, List<Heredoc> heredocs, int start, int end) {
    Node next = n.next() == null ? null : withLines(n.next(), List.of(), start, end);
    return new Node(n.keyword(), n.flags(), n.args(), n.json(), next, heredocs, n.original(), start, end);
  }

  private Node nodeFromLine(String line, int startLine) {
    int escape = directives.escape();
    SplitCommand split = SplitCommand.of(line, escape);
    String keyword = split.keyword().toLowerCase(java.util.Locale.ROOT);
    LineParsers.Args args = LineParsers.parse(keyword, split.rest(), escape, rest -> nodeFromLine(rest, startLine));
    return new Node(keyword, split.flags(), args.args(), args.json(), args.next(), List.of(), line, startLine, startLine);
  }

  private List<Heredoc> readHeredocs(String line, int startLine) {
    List<Heredocs.Spec> specs;
    try {
      specs = Heredocs.inLine(line);
    } catch (LineParsers.SyntaxError e) {
      throw new DockerfileException(new Location(file, startLine, 1), e.getMessage());
    }
    List<Heredoc> out = new ArrayList<>();
    for (Heredocs.Spec spec : specs) {
      StringBuilder content = new StringBuilder();
      boolean terminated = false;
      while (next < lines.size()) {
        String raw = lines.get(next++);
        currentLine++;
        String candidate = trimNewline(raw);
        if (spec.chomp()) candidate = candidate.replaceFirst("^\t+", "");
        if (candidate.equals(spec.name())) {
          terminated = true;
          break;
        }
        content.append(raw);
      }
      if (!terminated) {
        throw new DockerfileException(new Location(file, startLine, 1),
            "unterminated heredoc: expected a line " + GoQuote.quote(spec.name()) + " to end it before the end of the file");
      }
      String body = spec.chomp() ? Heredocs.chomp(content.toString()) : content.toString();
      out.add(new Heredoc(spec.name(), body, spec.expand()));
    }
    return out;
  }

  /** A directive is read (and so ends the directive section if it is not one); comment lines become empty. */
  private String processLine(String raw, boolean stripLeft) {
    String token = trimNewline(raw);
    if (stripLeft) token = Chars.trimLeft(token);
    try {
      directives.accept(token);
    } catch (LineParsers.SyntaxError e) {
      throw new DockerfileException(new Location(file, currentLine + 1, 1), e.getMessage());
    }
    if (directives.escape() != escapeOfPattern) {
      escapeOfPattern = directives.escape();
      continuation = continuationPattern(escapeOfPattern);
    }
    return isComment(token) ? "" : token;
  }

  private record Trimmed(String text, boolean complete) {}

  private Trimmed trimContinuation(String line) {
    Matcher m = continuation.matcher(line);
    if (!m.find()) return new Trimmed(line, true);
    String kept = m.group(1) == null ? "" : m.group(1);
    return new Trimmed(line.substring(0, m.start()) + kept, false);
  }

  private static boolean isComment(String line) {
    String t = Chars.trimLeft(line);
    return !t.isEmpty() && t.charAt(0) == '#';
  }

  private static String trimNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
    return s.substring(0, end);
  }
}
