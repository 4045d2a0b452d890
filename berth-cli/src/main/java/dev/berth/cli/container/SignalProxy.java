package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.List;

/**
 * {@code --sig-proxy}: while berth is attached to a container without a TTY, SIGINT, SIGTERM and SIGHUP go
 * to the container (through the kill endpoint) instead of ending berth, so that ctrl-c stops the container
 * and berth still exits with its status. With a TTY the terminal sends ctrl-c to the container itself.
 */
final class SignalProxy {
  private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

  private SignalProxy() {}

  static void install(CliContext ctx, String container) {
    for (String name : FORWARDED) {
      ctx.signals().on(name, () -> {
        try {
          ctx.client().send(ApiRequest.post(Containers.path(container, "kill")).query("signal", "SIG" + name).build());
        } catch (IOException | RuntimeException e) {
          // the container may have exited meanwhile: its exit ends the session anyway
        }
      });
    }
  }
}
