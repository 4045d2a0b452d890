package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth update}: new limits or restart policy for running or stopped containers. Only the flags given
 * are sent, so the daemon changes nothing else.
 */
@Command(description = "Update configuration of one or more containers (memory, CPU, PIDs limits, restart policy)")
public final class UpdateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit") String memory;
  @Option(names = "--memory-swap", paramLabel = "BYTES", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap") String memorySwap;
  @Option(names = "--memory-reservation", paramLabel = "BYTES", description = "Memory soft limit") String memoryReservation;
  @Option(names = "--cpus", paramLabel = "DECIMAL", description = "Number of CPUs") String cpus;
  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "INT", description = "CPU shares (relative weight)") String cpuShares;
  @Option(names = "--pids-limit", paramLabel = "INT", description = "Tune container pids limit (set -1 for unlimited)") String pidsLimit;
  @Option(names = "--restart", paramLabel = "POLICY", description = "Restart policy to apply when a container exits") String restart;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Container name or ID") List<String> containers;

  public UpdateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    byte[] body;
    try {
      body = DaemonClient.mapper().writeValueAsBytes(body());
    } catch (BadFlagException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    int status = 0;
    for (String c : containers) {
      try {
        JsonNode answer = ctx.client().json(ApiRequest.post(Containers.path(c, "update"))
            .body(new java.io.ByteArrayInputStream(body), "application/json").build());
        for (JsonNode w : answer.path("Warnings")) ctx.err().println("WARNING: " + w.asText());
        ctx.out().println(c);
      } catch (DaemonException e) {
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        status = 1;
      }
    }
    return status;
  }

  ObjectNode body() {
    ObjectNode body = DaemonClient.mapper().createObjectNode();
    if (cpuShares != null) body.put("CpuShares", Values.integer("-c, --cpu-shares", cpuShares));
    if (memory != null) body.put("Memory", Values.bytes("-m, --memory", memory));
    if (cpus != null) body.put("NanoCpus", Values.nanoCpus("--cpus", cpus));
    if (memoryReservation != null) body.put("MemoryReservation", Values.bytes("--memory-reservation", memoryReservation));
    if (memorySwap != null) body.put("MemorySwap", Values.swapBytes("--memory-swap", memorySwap));
    if (pidsLimit != null) body.put("PidsLimit", Values.integer("--pids-limit", pidsLimit));
    if (restart != null) body.set("RestartPolicy", Policies.restart(restart));
    if (body.isEmpty()) throw new BadFlagException("you must provide one or more flags when using this command");
    return body;
  }
}
