package dev.berth.engine.build;

import dev.berth.build.context.CopyRequest;
import dev.berth.build.context.CopySource;
import dev.berth.build.context.CopyTar;
import dev.berth.build.context.SourceTree;
import dev.berth.build.context.TargetFs;
import dev.berth.build.dockerfile.Heredoc;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Location;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * COPY and ADD: sources resolved in the context (with its .dockerignore) or in a stage's or image's files
 * ({@code --from}), checksummed for the cache key; on a miss, the tar that does Docker's copy is put into a
 * created (never started) container of the image so far, whose changes are committed as one layer.
 */
final class CopyStep {
  /** COPY and ADD in one shape. */
  private record Spec(String name, List<String> sources, String dest, List<Heredoc> heredocs, String from, String chown,
      String chmod, String checksum, boolean add, Location location) {}

  private final SourceTree context;
  private final BuildScratch scratch;
  private final BuildContainers containers;
  private final ImageService images;
  private final ShellWords words;
  private final Function<String, Digest> stageImage;

  /** @param stageImage the image of an earlier stage named or numbered so, or null when none is */
  CopyStep(SourceTree context, BuildScratch scratch, BuildContainers containers, ImageService images, ShellWords words,
      Function<String, Digest> stageImage) {
    this.context = context;
    this.scratch = scratch;
    this.containers = containers;
    this.images = images;
    this.words = words;
    this.stageImage = stageImage;
  }

  StepPlan copy(Instruction.Copy c, BuildState state, String author) {
    return plan(new Spec("COPY", c.sources(), c.dest(), c.heredocs(), c.from(), c.chown(), c.chmod(), null, false, c.location()),
        state, author);
  }

  StepPlan add(Instruction.Add a, BuildState state, String author) {
    return plan(new Spec("ADD", a.sources(), a.dest(), a.heredocs(), null, a.chown(), a.chmod(), a.checksum(), true, a.location()),
        state, author);
  }

  /**
   * COPY --from: the source image's ID determines its files, so the key is that ID with the source patterns
   * and nothing is exported on a hit; on a miss the image's files are exported, resolved and checksummed
   * for the history text as for the context.
   */
  private StepPlan planFrom(Spec spec, BuildState state, String author) {
    Map<String, String> vars = state.vars();
    Digest source = imageOf(words.expand(spec.from(), vars));
    List<String> patterns = spec.sources().stream().map(s -> words.expand(s, vars)).toList();
    String dest = Paths.destination(words.expand(spec.dest(), vars), state.workdir());
    String chown = spec.chown() == null ? null : words.expand(spec.chown(), vars);
    Integer mode = mode(spec.chmod() == null ? null : words.expand(spec.chmod(), vars), spec);
    String keyText = "COPY --from=" + source + " " + String.join(" ", patterns) + " " + dest;
    String keyExtra = "chown=" + chown + ";chmod=" + (mode == null ? "" : Integer.toOctalString(mode));
    Digest parent = state.imageId();
    return new StepPlan(keyText, keyExtra, state.config(), () -> {
      SourceTree tree = scratch.rootOf(source);
      List<CopySource> all = new ArrayList<>();
      for (String p : patterns) all.addAll(resolve(tree, p, spec));
      String createdBy = String.join(" ", state.shell()) + " #(nop) COPY " + hashOf(all, tree.checksum(all), List.of())
          + " in " + dest + " ";
      return execute(parent, all, dest, chown, mode, false, state, createdBy, author);
    });
  }

  private StepPlan plan(Spec spec, BuildState state, String author) {
    if (spec.from() != null && spec.heredocs().isEmpty()) return planFrom(spec, state, author);
    Map<String, String> vars = state.vars();
    SourceTree tree = spec.from() == null ? context : scratch.rootOf(imageOf(words.expand(spec.from(), vars)));
    List<CopySource> fromTree = new ArrayList<>();
    List<CopySource> extra = new ArrayList<>();
    List<String> extraSums = new ArrayList<>();
    boolean urls = false;
    for (String raw : spec.sources()) {
      String src = words.expand(raw, vars);
      if (spec.add() && ExtraSources.isUrl(src)) {
        ExtraSources.Extra e = ExtraSources.download(src, scratch.newDir("url"), spec.checksum());
        extra.add(e.source());
        extraSums.add(e.checksum());
        urls = true;
      } else {
        fromTree.addAll(resolve(tree, src, spec));
      }
    }
    for (Heredoc h : spec.heredocs()) {
      ExtraSources.Extra e = ExtraSources.heredoc(h, scratch.newDir("heredoc"));
      extra.add(e.source());
      extraSums.add(e.checksum());
    }
    List<CopySource> all = new ArrayList<>(fromTree);
    all.addAll(extra);
    if (all.isEmpty()) throw new InvalidArgumentException(spec.name() + " failed: no source files were specified");
    String sum = fromTree.isEmpty() ? "" : tree.checksum(fromTree);
    String hash = hashOf(all, sum, extraSums);
    String dest = Paths.destination(words.expand(spec.dest(), vars), state.workdir());
    String chown = spec.chown() == null ? null : words.expand(spec.chown(), vars);
    Integer mode = mode(spec.chmod() == null ? null : words.expand(spec.chmod(), vars), spec);
    String createdBy = String.join(" ", state.shell()) + " #(nop) " + spec.name() + " " + hash + " in " + dest + " ";
    String keyExtra = "chown=" + chown + ";chmod=" + (mode == null ? "" : Integer.toOctalString(mode)) + ";add=" + spec.add();
    boolean extract = spec.add() && !urls;
    Digest parent = state.imageId();
    return new StepPlan(createdBy, keyExtra, state.config(),
        () -> execute(parent, all, dest, chown, mode, extract, state, createdBy, author));
  }

  private List<CopySource> resolve(SourceTree tree, String src, Spec spec) {
    try {
      return tree.resolve(src);
    } catch (NotFoundException e) {
      throw new NotFoundException(spec.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** The image {@code --from} names: an earlier stage's result, else an image of this host. */
  private Digest imageOf(String from) {
    Digest image = stageImage.apply(from);
    if (image != null) return image;
    try {
      return images.resolve(from);
    } catch (NotFoundException e) {
      throw new NotFoundException("invalid from flag value " + from + ": No such image: " + from, e);
    }
  }

  /** Docker's source hash in the history: {@code file:…} for one file, {@code dir:…} for one directory, else {@code multi:…}. */
  private static String hashOf(List<CopySource> all, String treeSum, List<String> extraSums) {
    String text = treeSum + "\n" + String.join("\n", extraSums);
    String hex = treeSum.startsWith("sha256:") && extraSums.isEmpty() ? treeSum.substring(7)
        : Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).encoded();
    String kind = all.size() > 1 ? "multi" : all.getFirst().directory() ? "dir" : "file";
    return kind + ":" + hex;
  }

  private static Integer mode(String chmod, Spec spec) {
    if (chmod == null || chmod.isEmpty()) return null;
    if (!chmod.matches("[0-7]{1,4}")) {
      throw new InvalidArgumentException(spec.name() + " --chmod=" + chmod + " at " + spec.location() + ": invalid mode, want octal digits such as 0755");
    }
    return Integer.parseInt(chmod, 8);
  }

  private Digest execute(Digest parent, List<CopySource> sources, String dest, String chown, Integer mode, boolean extract,
      BuildState state, String createdBy, String author) {
    if (parent == null) return onScratch(sources, dest, chown, mode, extract, state, createdBy, author);
    String id = null;
    Path tar = null;
    try {
      id = containers.create(parent, List.of("/bin/sh", "-c", "#(nop) COPY"), List.of(), state);
      Owners.Owner owner = chown == null ? new Owners.Owner(-1, -1) : Owners.resolve(chown, containers.service(), id);
      CopyRequest request = new CopyRequest(sources, dest, owner.uid(), owner.gid(), mode, extract);
      tar = Files.createTempFile(scratch.newDir("copy"), "copy-", ".tar");
      String container = id;
      try (OutputStream out = Files.newOutputStream(tar)) {
        CopyTar.write(request, path -> kind(container, path, 0), out);
      }
      try (InputStream in = Files.newInputStream(tar)) {
        containers.service().putArchive(id, "/", in, false, false);
      }
      Digest image = containers.commit(id, state.config(), createdBy, author);
      String done = id;
      id = null;
      containers.removeLater(done);
      return image;
    } catch (IOException e) {
      SystemException failure = new SystemException("COPY: writing the files to copy: " + e.getMessage(), e);
      containers.removeQuietly(id, failure);
      throw failure;
    } catch (RuntimeException e) {
      containers.removeQuietly(id, e);
      throw e;
    }
  }

  /** FROM scratch has no image to make a container of: the copy's tar is the layer. */
  private Digest onScratch(List<CopySource> sources, String dest, String chown, Integer mode, boolean extract, BuildState state,
      String createdBy, String author) {
    if (chown != null && !Owners.numeric(chown)) {
      throw new InvalidArgumentException("--chown=" + chown + " on an empty image (FROM scratch): names need /etc/passwd, give numbers");
    }
    Owners.Owner owner = chown == null ? new Owners.Owner(-1, -1) : Owners.resolve(chown, null, null);
    CopyRequest request = new CopyRequest(sources, dest, owner.uid(), owner.gid(), mode, extract);
    TargetFs empty = path -> path.equals("/") ? TargetFs.Kind.DIRECTORY : TargetFs.Kind.ABSENT;
    return images.commit(new ImageService.CommitRequest(null, out -> CopyTar.write(request, empty, out), state.config(),
        List.of(), null, author, null, createdBy)).id();
  }

  /** What the image has at {@code path}, a final symlink followed within the image. */
  private TargetFs.Kind kind(String container, String path, int depth) {
    try {
      var stat = containers.service().statPath(container, path);
      long m = stat.mode();
      if ((m & (1L << 31)) != 0) return TargetFs.Kind.DIRECTORY;
      if ((m & (1L << 27)) != 0 && stat.linkTarget() != null && !stat.linkTarget().isEmpty() && depth < 16) {
        String target = stat.linkTarget();
        String parentDir = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        return kind(container, target.startsWith("/") ? target : Paths.clean(parentDir + "/" + target), depth + 1);
      }
      return TargetFs.Kind.OTHER;
    } catch (NotFoundException e) {
      return TargetFs.Kind.ABSENT;
    }
  }
}
