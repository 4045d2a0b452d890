package dev.berth.api.system;

import dev.berth.api.ApiContext;
import dev.berth.api.ApiVersion;
import dev.berth.api.BerthVersion;
import dev.berth.api.Exchange;
import dev.berth.api.Router;
import dev.berth.api.images.ImageSummary;
import dev.berth.api.volumes.VolumeJson;
import dev.berth.api.volumes.VolumeRoutes;
import dev.berth.engine.ImageService;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /system/df}. */
public final class SystemRoutes {
  private final ApiContext context;
  private final HostFacts host = HostFacts.read();

  public SystemRoutes(ApiContext context) {
    this.context = context;
  }

  public void register(Router.Builder routes) {
    routes.get("/_ping", this::ping).head("/_ping", this::ping);
    routes.get("/version", this::version);
    routes.get("/info", this::info);
    routes.get("/system/df", this::diskUsage);
  }

  /**
   * "OK" with the headers clients negotiate with (the server-wide ones add API-Version, OSType and
   * Docker-Experimental). Never cached: a client pings to learn the daemon's current version.
   */
  void ping(Exchange ex) throws IOException {
    ex.respond(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8),
        Map.of("Builder-Version", "1", "Cache-Control", "no-cache", "Pragma", "no-cache"));
  }

  SystemVersion systemVersion() {
    Map<String, String> engine = new LinkedHashMap<>();
    engine.put("ApiVersion", ApiVersion.CURRENT.toString());
    engine.put("MinAPIVersion", ApiVersion.MINIMUM.toString());
    engine.put("Os", "linux");
    engine.put("Arch", host.goArch());
    engine.put("KernelVersion", host.kernelVersion());
    engine.put("GitCommit", "berth");
    engine.put("GoVersion", "java" + Runtime.version().feature());
    engine.put("BuildTime", "");
    engine.put("Experimental", "false");
    return new SystemVersion(
        new SystemVersion.Platform(BerthVersion.PLATFORM),
        List.of(
            new SystemVersion.Component("Engine", BerthVersion.ENGINE, engine),
            new SystemVersion.Component("Berth", BerthVersion.BERTH, Map.of("Runtime", "Java " + Runtime.version()))),
        BerthVersion.ENGINE,
        ApiVersion.CURRENT.toString(),
        ApiVersion.MINIMUM.toString(),
        "berth",
        "java" + Runtime.version().feature(),
        "linux",
        host.goArch(),
        host.kernelVersion(),
        false,
        "");
  }

  void version(Exchange ex) throws IOException {
    ex.json(200, systemVersion());
  }

  void info(Exchange ex) throws IOException {
    ex.json(200, SystemInfoBuilder.build(context, host, KernelCapabilities.host(), context.images().list(true).size()));
  }

  /**
   * Every volume, measured. A daemon whose engine has no volume service yet (or an image-only test context)
   * answers an empty list rather than failing the whole of df.
   */
  private List<VolumeJson> volumeUsage() {
    try {
      return VolumeRoutes.diskUsage(context.volumes());
    } catch (SystemException e) {
      org.slf4j.LoggerFactory.getLogger(SystemRoutes.class).warn("system df without volumes: {}", e.getMessage());
      return List.of();
    }
  }

  void diskUsage(Exchange ex) throws IOException {
    ImageService.DiskUsage du = context.images().diskUsage();
    List<ImageSummary> images = du.images().stream().map(ImageSummary::of).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("LayersSize", du.layersSize());
    body.put("Images", images);
    body.put("Containers", List.of());
    body.put("Volumes", volumeUsage());
    body.put("BuildCache", List.of());
    ex.json(200, body);
  }

}
