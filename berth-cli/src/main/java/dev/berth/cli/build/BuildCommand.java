package dev.berth.cli.build;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.Units;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build PATH|-}: sends the context to {@code POST /build} (the classic builder protocol, as
 * {@code DOCKER_BUILDKIT=0 docker build} does) and prints the build as it goes. Exits 1 when the build
 * fails, or with a failed RUN's exit code, as the docker CLI does.
 */
@Command(description = "Build an image from a Dockerfile: PATH is a context directory, a tar file, or - for a tar or a bare Dockerfile on STDIN")
public final class BuildCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "PATH|-", description = "The build context: a directory (.dockerignore applies), a tar file, or - to read a tar or a Dockerfile from STDIN")
  String context;

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name and optionally a tag for the image (repeatable)")
  List<String> tags = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Name of the Dockerfile, relative to the current directory (default: PATH/Dockerfile); - reads it from STDIN")
  String file;

  @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "Set a build-time variable (repeatable); KEY alone takes its value from the environment")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage of a multi-stage Dockerfile and stop")
  String target;

  @Option(names = "--no-cache", description = "Do not use the build cache: run every step")
  boolean noCache;

  @Option(names = {"-q", "--quiet"}, description = "Print only the image ID on success")
  boolean quiet;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label on the image (repeatable)")
  List<String> labels = new ArrayList<>();

  @Option(names = "--pull", description = "Always look for a newer version of the base images (accepted; without a registry, local images are used)")
  boolean pull;

  @Option(names = "--network", paramLabel = "MODE", description = "Network of the RUN steps' containers (default: host)")
  String network;

  @Option(names = "--rm", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Remove intermediate containers after a successful build (default true)")
  boolean rm = true;

  @Option(names = "--force-rm", description = "Always remove intermediate containers, even after a failed step")
  boolean forceRm;

  @Option(names = "--platform", paramLabel = "PLATFORM", description = "Platform of the build (only linux/amd64)")
  String platform;

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to the file")
  Path iidFile;

  public BuildCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ContextUpload upload = ContextUpload.open(context, file, ctx.stdin(), Path.of("").toAbsolutePath());
    BuildOutput output = new BuildOutput(ctx.out(), ctx.err(), quiet);
    int status;
    DaemonClient client = ctx.client();
    try (ApiResponse response = client.call(request(upload))) {
      upload.check();
      if (!quiet) ctx.out().println("Sending build context to berthd  " + Units.humanSize(upload.sent(), 4));
      status = output.print(response.body());
    } catch (RuntimeException | IOException e) {
      upload.check();
      throw e;
    }
    if (status == 0 && iidFile != null && output.imageId() != null) Files.writeString(iidFile, output.imageId());
    return status;
  }

  private ApiRequest request(ContextUpload upload) {
    ApiRequest.Builder b = ApiRequest.post("/build");
    tags.forEach(t -> b.query("t", t));
    b.query("dockerfile", upload.dockerfile())
        .query("buildargs", json(buildArgs()))
        .query("target", target)
        .flag("nocache", noCache)
        .query("labels", labels.isEmpty() ? null : json(labels()))
        .flag("q", quiet)
        .query("rm", rm ? "1" : "0")
        .flag("forcerm", forceRm)
        .flag("pull", pull)
        .query("networkmode", network)
        .query("platform", platform)
        .query("version", "1")
        .header("X-Registry-Config", "e30=");
    return b.body(upload.body(), "application/x-tar").build();
  }

  /** {@code K=V} as given; {@code K} alone from the environment, or null (unset) when it is not there. */
  Map<String, String> buildArgs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : buildArgs) {
      int eq = arg.indexOf('=');
      if (eq == 0) throw new CliException("invalid argument \"" + arg + "\" for \"--build-arg\" flag: variable name is empty");
      if (eq > 0) {
        out.put(arg.substring(0, eq), arg.substring(eq + 1));
      } else {
        out.put(arg, ctx.env().get(arg));
      }
    }
    return out;
  }

  private Map<String, String> labels() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String label : labels) {
      int eq = label.indexOf('=');
      if (eq == 0) throw new CliException("invalid argument \"" + label + "\" for \"--label\" flag: label name is empty");
      out.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
    }
    return out;
  }

  private static String json(Map<String, String> map) {
    try {
      return DaemonClient.mapper().writeValueAsString(map);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("encoding build arguments", e);
    }
  }
}
