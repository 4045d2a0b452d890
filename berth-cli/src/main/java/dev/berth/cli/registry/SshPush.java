package dev.berth.cli.registry;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.transfer.ImageSender;
import dev.berth.cli.transfer.InFlightLines;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code berth push ssh://HOST IMAGE…}: each image goes from the local daemon to the Berth host through its
 * {@code /berth/} transfer routes ({@link ImageSender}): only the blobs the host lacks cross, a cut upload resumes
 * at its offset, and the tag is written last. While a layer is sent, a throttled in-flight line shows its bytes
 * ({@link InFlightLines}); then one line per layer as it is settled ({@code <id>: Pushed 1.2MB},
 * {@code <id>: Layer already exists}), then {@code IMAGE: up to date} or
 * {@code IMAGE: sent N blobs, B bytes (L of layers)}.
 */
final class SshPush {
  private final CliContext ctx;
  private final boolean quiet;

  SshPush(CliContext ctx, boolean quiet) {
    this.ctx = ctx;
    this.quiet = quiet;
  }

  int push(String host, List<String> images) throws IOException {
    DaemonHost parsed;
    try {
      parsed = DaemonHost.parse(host);
    } catch (RuntimeException e) {
      throw new CliException("push: invalid host '" + host + "': " + e.getMessage());
    }
    DaemonClient remote = new DaemonClient(parsed, ctx.transport(), ctx.env().get("DOCKER_API_VERSION"));
    ImageSender sender = new ImageSender(ctx.client(), remote);
    PrintWriter out = ctx.out();
    for (String image : images) {
      if (!quiet) out.println("The push refers to " + image + " on " + host);
      ImageSender.Sent sent = sender.send(image, quiet ? ImageSender.Progress.NONE : lines(out));
      out.println(quiet ? image : summary(sent));
    }
    out.flush();
    return 0;
  }

  /** Per layer: in-flight lines while it is sent (throttled), then the line that settles it. */
  private ImageSender.Progress lines(PrintWriter out) {
    InFlightLines inFlight = new InFlightLines(ctx.clock(), ctx.terminals().stdout(), text -> {
      out.println(text);
      out.flush();
    });
    return new ImageSender.Progress() {
      @Override
      public void blob(ImageSender.BlobStep step) {
        if (step.kind() == ImageSender.Kind.LAYER) out.println(line(step));
        out.flush();
      }

      @Override
      public void sending(String digest, ImageSender.Kind kind, long done, long size) {
        if (kind == ImageSender.Kind.LAYER) inFlight.sending(digest, done, size);
      }
    };
  }

  static String line(ImageSender.BlobStep step) {
    String id = InFlightLines.shortId(step.digest());
    if (step.alreadyThere()) return id + ": Layer already exists";
    String resumed = step.offset() > 0 ? " (resumed at " + step.offset() + ")" : "";
    return id + ": Pushed " + step.bytes() + " bytes" + resumed;
  }

  static String summary(ImageSender.Sent sent) {
    if (sent.upToDate()) return sent.image() + ": up to date";
    return sent.image() + ": sent " + sent.blobs() + " blobs, " + sent.bytes() + " bytes (" + sent.layerBytes() + " of layers)";
  }
}
