package dev.berth.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.format.Units;
import dev.berth.cli.stack.StackApi;
import dev.berth.cli.stack.StepLines;
import dev.berth.cli.transfer.ImageSender;
import dev.berth.cli.transfer.InFlightLines;
import dev.berth.client.DaemonClient;
import dev.berth.stack.StackFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The deploy to one host, one job: send every image the stack uses (only the blobs the host lacks), then
 * apply the stack there through {@code /stacks/{project}/apply}, which records the version on the host. The stack
 * is applied only once every image is on the host, so a send that fails (the ssh connection dying mid-layer)
 * leaves the host's stack as it was. Any failure ends this host's job with its error; the other hosts go on.
 */
final class HostDeploy implements Callable<HostResult> {
  private final String host;
  private final DaemonClient local;
  private final DaemonClient remote;
  private final String project;
  private final StackFile stack;
  private final List<String> images;
  private final boolean removeOrphans;
  private final PrintWriter out;
  private final InFlightLines inFlight;

  /** @param inFlight prints this host's layers in flight (each line already prefixed with the host) */
  HostDeploy(String host, DaemonClient local, DaemonClient remote, String project, StackFile stack, List<String> images,
      boolean removeOrphans, PrintWriter out, InFlightLines inFlight) {
    this.host = host;
    this.local = local;
    this.remote = remote;
    this.project = project;
    this.stack = stack;
    this.images = List.copyOf(images);
    this.removeOrphans = removeOrphans;
    this.out = out;
    this.inFlight = inFlight;
  }

  @Override
  public HostResult call() {
    int sent = 0;
    int upToDate = 0;
    long bytes = 0;
    long layerBytes = 0;
    Tracker tracker = new Tracker();
    try {
      ImageSender sender = new ImageSender(local, remote);
      for (String image : images) {
        ImageSender.Sent s = send(sender, image, tracker.reset());
        if (s.upToDate()) upToDate++;
        else sent++;
        bytes += s.bytes();
        layerBytes += s.layerBytes();
        out.println(host + ": " + image + ": " + (s.upToDate() ? "up to date"
            : "sent " + s.blobs() + " blobs (" + Units.humanSize(s.bytes()) + ")"));
        out.flush();
      }
      JsonNode report = new StackApi(remote).apply(project, stack, removeOrphans, r -> {
        out.println(host + ": " + StepLines.step(r));
        out.flush();
      });
      return HostResult.of(host, report, sent, upToDate, bytes, layerBytes);
    } catch (Exception e) {
      return HostResult.failed(host, sent, upToDate, bytes + tracker.bytes, layerBytes + tracker.layerBytes, message(e));
    }
  }

  /**
   * Sends one image. A send that fails once bytes have left (the ssh connection died mid-layer) says so, and what
   * it means: the host keeps what arrived, no tag moved and the stack was not applied, so a new deploy sends the rest.
   */
  private ImageSender.Sent send(ImageSender sender, String image, Tracker tracker) throws IOException {
    try {
      return sender.send(image, tracker);
    } catch (IOException | RuntimeException e) {
      if (tracker.bytes == 0) throw e;
      throw new IOException("the connection was lost while sending image " + image + " after " + Units.humanSize(tracker.bytes)
          + " (" + message(e) + "): the host keeps what arrived, no tag moved and the stack was not applied; deploy again to send"
          + " the rest", e);
    }
  }

  /** Counts the bytes of the image being sent as they leave, and prints its layers in flight. */
  private final class Tracker implements ImageSender.Progress {
    /** Per blob, the bytes it had sent at the last call. */
    private final java.util.Map<String, Long> last = new java.util.HashMap<>();
    long bytes;
    long layerBytes;

    Tracker reset() {
      last.clear();
      bytes = 0;
      layerBytes = 0;
      return this;
    }

    @Override
    public void blob(ImageSender.BlobStep step) {}

    @Override
    public void sending(String digest, ImageSender.Kind kind, long done, long size) {
      Long before = last.put(digest, done);
      long step = before == null ? 0 : Math.max(0, done - before); // the first call gives where the blob starts
      bytes += step;
      if (kind == ImageSender.Kind.LAYER) {
        layerBytes += step;
        inFlight.sending(digest, done, size);
      }
    }
  }

  static String message(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replace('\n', ' ');
  }
}
