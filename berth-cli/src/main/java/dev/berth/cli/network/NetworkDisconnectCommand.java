package dev.berth.cli.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network disconnect NETWORK CONTAINER}: silent on success, as docker is. */
@Command(description = "Disconnect a container from a network")
public final class NetworkDisconnectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "NETWORK", description = "Network name or ID")
  String network;

  @Parameters(index = "1", paramLabel = "CONTAINER", description = "Container name or ID")
  String container;

  @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
  boolean force;

  public NetworkDisconnectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    var mapper = DaemonClient.mapper();
    ObjectNode body = mapper.createObjectNode().put("Container", container).put("Force", force);
    ctx.client().send(ApiRequest.post("/networks/" + ApiRequest.encode(network) + "/disconnect")
        .body(new ByteArrayInputStream(mapper.writeValueAsBytes(body)), "application/json").build());
    return 0;
  }
}
