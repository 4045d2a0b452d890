package dev.berth.cli.stack;

import dev.berth.cli.Berth;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonException;
import dev.berth.stack.Service;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the images of a stack's {@code build:} services before the stack is sent, through {@code berth build}
 * itself (the context tar and {@code POST /build}), so a stack build behaves exactly as a build by hand. The
 * image is the service's {@code image:} when it has one, else {@code <project>-<service>}. As Compose does, an
 * image that exists already is not rebuilt unless asked ({@code --build}).
 */
final class ImageBuilds {
  private final CliContext ctx;

  ImageBuilds(CliContext ctx) {
    this.ctx = ctx;
  }

  static String imageOf(String project, Service s) {
    return s.image() != null ? s.image() : project + "-" + s.name();
  }

  /** Builds what is needed; a failed build ends the apply before anything is sent. */
  void buildAll(String project, List<Service> services, boolean always) throws IOException {
    for (Service s : services) {
      if (s.build() == null) continue;
      String image = imageOf(project, s);
      if (!always && exists(image)) continue;
      ctx.out().println("Building " + s.name() + " as " + image);
      ctx.out().flush();
      int status = Berth.run(ctx, arguments(s.build(), image));
      if (status != 0) throw new CliException("building the image of service " + s.name() + " failed (exit " + status + ")");
    }
  }

  private boolean exists(String image) throws IOException {
    try {
      ctx.client().send(ApiRequest.get("/images/" + ApiRequest.encode(image) + "/json").build());
      return true;
    } catch (DaemonException e) {
      if (e.status() == 404) return false;
      throw e;
    }
  }

  static String[] arguments(Service.BuildSpec build, String image) {
    List<String> args = new ArrayList<>(List.of("build", "-t", image));
    if (build.dockerfile() != null) args.addAll(List.of("-f", Path.of(build.context()).resolve(build.dockerfile()).toString()));
    for (Map.Entry<String, String> a : build.args().entrySet()) args.addAll(List.of("--build-arg", a.getKey() + "=" + a.getValue()));
    if (build.target() != null) args.addAll(List.of("--target", build.target()));
    args.add(build.context());
    return args.toArray(String[]::new);
  }
}
