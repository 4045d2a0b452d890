package dev.berth.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.format.Units;
import dev.berth.cli.stack.StackApi;
import dev.berth.cli.stack.StepLines;
import dev.berth.cli.transfer.ImageSender;
import dev.berth.cli.transfer.InFlightLines;
import dev.berth.client.DaemonClient;
import dev.berth.stack.StackFile;
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
    try {
      ImageSender sender = new ImageSender(local, remote);
      for (String image : images) {
        ImageSender.Sent s = sender.send(image, new ImageSender.Progress() {
          @Override
          public void blob(ImageSender.BlobStep step) {}

          @Override
          public void sending(String digest, ImageSender.Kind kind, long done, long size) {
            if (kind == ImageSender.Kind.LAYER) inFlight.sending(digest, done, size);
          }
        });
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
      return HostResult.failed(host, sent, upToDate, bytes, layerBytes, message(e));
    }
  }

  static String message(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replace('\n', ' ');
  }
}
