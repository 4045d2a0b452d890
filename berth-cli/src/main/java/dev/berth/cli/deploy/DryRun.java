package dev.berth.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Rows;
import dev.berth.cli.stack.StackApi;
import dev.berth.cli.stack.StepLines;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import dev.berth.stack.StackFile;
import java.io.IOException;
import java.util.List;

/**
 * {@code deploy --dry-run} for one host: which images it would be sent (the host lacks the image, or has
 * another under that name) and the plan its daemon makes ({@code POST /stacks/{project}/plan}). Changes nothing
 * on the host. The plan is made against the images the host has now, so a service whose image would be sent
 * plans as the apply after the send would.
 */
final class DryRun {
  private DryRun() {}

  static String show(String host, DaemonClient local, DaemonClient remote, String project, StackFile stack, List<String> images,
      boolean removeOrphans) {
    return DeployCommand.captured(out -> {
      out.println(host + ":");
      try {
        for (String image : images) {
          String want = id(local, image);
          if (want == null) throw new IOException("image " + image + " is not in the local store: pull or build it first");
          out.println("  image " + image + ": " + (want.equals(id(remote, image)) ? "up to date" : "would send " + shortId(want)));
        }
        JsonNode plan = new StackApi(remote).plan(project, stack, removeOrphans);
        out.print(Rows.render(new OutputFormat.Table(null), StepLines.PLAN_COLUMNS, StepLines.planRows(plan)));
      } catch (IOException | RuntimeException e) {
        out.println("  error: " + HostDeploy.message(e));
      }
    });
  }

  /** The image's ID on that daemon, or null when it has no image by that name. */
  static String id(DaemonClient daemon, String image) throws IOException {
    try {
      return daemon.json(ApiRequest.get("/images/" + ApiRequest.encode(image) + "/json").build()).path("Id").asText();
    } catch (DaemonException e) {
      if (e.status() == 404) return null;
      throw e;
    }
  }

  private static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
