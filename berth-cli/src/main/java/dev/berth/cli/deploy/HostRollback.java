package dev.berth.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.stack.StackApi;
import dev.berth.cli.stack.StepLines;
import dev.berth.client.DaemonClient;
import java.io.PrintWriter;

/**
 * {@code deploy --rollback} on one host: {@code POST /stacks/{project}/rollback}, which moves the tags back to
 * the previous version's image IDs and re-applies its stack. Nothing is sent: the images are still in the
 * host's store unless they were pruned, which the host refuses clearly before changing anything.
 */
final class HostRollback {
  private HostRollback() {}

  static HostResult run(String host, DaemonClient remote, String project, PrintWriter out) {
    try {
      JsonNode report = new StackApi(remote).rollback(project, r -> {
        out.println(host + ": " + StepLines.step(r));
        out.flush();
      });
      return HostResult.of(host, report, 0, 0, 0, 0);
    } catch (Exception e) {
      return HostResult.failed(host, 0, 0, 0, 0, HostDeploy.message(e));
    }
  }
}
