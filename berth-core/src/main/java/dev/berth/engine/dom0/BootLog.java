package dev.berth.engine.dom0;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.Dom0Service.AppliedImage;
import dev.berth.engine.Dom0Service.Boot;
import dev.berth.engine.Dom0Service.Outcome;
import dev.berth.engine.Dom0Service.Status;
import dev.berth.engine.Dom0Service.Step;
import dev.berth.errors.SystemException;
import dev.berth.oci.Json;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot records and the history of applied dom0 images, in {@code <data-root>/dom0/boots.json}, rewritten whole
 * (through a temporary file and a rename) after every change, so {@code berth dom0 status} shows a slow boot's
 * progress and a crash never leaves half a file. Keeps the newest {@value #KEEP} boots and applied images. One lock
 * owns the state. A boot still running when berthd stopped is closed at the next open: its running steps become
 * FAILED ("berthd stopped before the step ended").
 */
public final class BootLog {
  private static final Logger LOG = LoggerFactory.getLogger(BootLog.class);
  static final int KEEP = 20;
  static final String FILE = "boots.json";

  /** The file's form. */
  record Stored(@JsonProperty("boots") List<Boot> boots, @JsonProperty("applied") List<AppliedImage> applied) {
    Stored {
      boots = boots == null ? List.of() : List.copyOf(boots);
      applied = applied == null ? List.of() : List.copyOf(applied);
    }
  }

  private final Path file;
  private final Object lock = new Object();
  private List<Boot> boots;
  private List<AppliedImage> applied;

  private BootLog(Path file, Stored stored) {
    this.file = file;
    this.boots = new ArrayList<>(stored.boots().stream().map(BootLog::closeInterrupted).toList());
    this.applied = new ArrayList<>(stored.applied());
  }

  /** Opens (or starts) the log in {@code dir}; an unreadable file is kept aside as {@code boots.json.bad}. */
  public static BootLog open(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      Files.createDirectories(dir);
      return new BootLog(file, Json.read(Files.readAllBytes(file), Stored.class));
    } catch (NoSuchFileException e) {
      return new BootLog(file, new Stored(List.of(), List.of()));
    } catch (IllegalArgumentException e) {
      LOG.warn("dom0 boot log {} is unreadable ({}); starting a new one", file, e.getMessage());
      try {
        Files.move(file, dir.resolve(FILE + ".bad"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moved) {
        throw new SystemException("setting aside the unreadable boot log " + file, moved);
      }
      return new BootLog(file, new Stored(List.of(), List.of()));
    } catch (IOException e) {
      throw new SystemException("reading the dom0 boot log " + file, e);
    }
  }

  private static Boot closeInterrupted(Boot b) {
    if (b.finished() != null) return b;
    List<Step> steps = b.steps().stream().map(s -> s.outcome() != Outcome.RUNNING ? s
        : Steps.end(s, Outcome.FAILED, s.detail(), "berthd stopped before the step ended", s.exitCode())).toList();
    return new Boot(b.number(), b.trigger(), b.started(), b.started(), b.imageName(), b.imageId(), b.stackDigest(), steps);
  }

  /** Starts a boot record ({@code boot} or {@code rollback}) and returns its number. */
  public int begin(String trigger, String imageName) {
    synchronized (lock) {
      int number = boots.isEmpty() ? 1 : boots.getFirst().number() + 1;
      boots.addFirst(new Boot(number, trigger, Times.now(), null, imageName, null, null, List.of()));
      while (boots.size() > KEEP) boots.removeLast();
      save();
      return number;
    }
  }

  /** Adds the step, or replaces the step of the same name (a RUNNING step's end). */
  public void step(int number, Step step) {
    update(number, b -> {
      List<Step> steps = new ArrayList<>(b.steps());
      int at = -1;
      for (int i = 0; i < steps.size(); i++) if (steps.get(i).name().equals(step.name())) at = i;
      if (at >= 0) steps.set(at, step);
      else steps.add(step);
      return new Boot(b.number(), b.trigger(), b.started(), b.finished(), b.imageName(), b.imageId(), b.stackDigest(), steps);
    });
  }

  /** Marks the boot finished. */
  public void finish(int number) {
    update(number, b -> new Boot(b.number(), b.trigger(), b.started(), Times.now(), b.imageName(), b.imageId(), b.stackDigest(), b.steps()));
  }

  public Boot boot(int number) {
    synchronized (lock) {
      return boots.stream().filter(b -> b.number() == number).findFirst()
          .orElseThrow(() -> new IllegalStateException("no boot " + number + " in the log"));
    }
  }

  void update(int number, UnaryOperator<Boot> change) {
    synchronized (lock) {
      for (int i = 0; i < boots.size(); i++) {
        if (boots.get(i).number() == number) {
          boots.set(i, change.apply(boots.get(i)));
          save();
          return;
        }
      }
      throw new IllegalStateException("no boot " + number + " in the log");
    }
  }

  /** Records a converged image: replaces the newest entry when it is the same image, else adds one. */
  void applied(AppliedImage image) {
    synchronized (lock) {
      if (!applied.isEmpty() && applied.getFirst().imageId().equals(image.imageId())) applied.set(0, image);
      else applied.addFirst(image);
      while (applied.size() > KEEP) applied.removeLast();
      save();
    }
  }

  public Status status(String imageName) {
    synchronized (lock) {
      return new Status(imageName, boots, applied);
    }
  }

  private void save() {
    try {
      byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(boots, applied));
      AtomicWrite.replace(file, bytes, AtomicWrite.Durability.LAZY);
    } catch (IOException e) {
      // the boot goes on; only its record is lost
      LOG.error("writing the dom0 boot log {}: {}", file, e.toString());
    }
  }
}
