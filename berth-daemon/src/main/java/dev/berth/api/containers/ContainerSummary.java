package dev.berth.api.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.ContainerView;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.Container;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code GET /containers/json} (docker ps). Example:
 *
 * <pre>{"Id":"3f2a…","Names":["/web"],"Image":"busybox","ImageID":"sha256:…","Command":"sh -c 'sleep 1'",
 *  "Created":1764315895,"Ports":[],"Labels":{},"State":"running","Status":"Up 3 seconds",
 *  "HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{}},"Mounts":[]}</pre>
 *
 * {@code SizeRw} and {@code SizeRootFs} appear only with {@code size=1}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerSummary(
    String Id,
    List<String> Names,
    String Image,
    String ImageID,
    String Command,
    long Created,
    List<Object> Ports,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long SizeRw,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long SizeRootFs,
    Map<String, String> Labels,
    String State,
    String Status,
    HostConfig HostConfig,
    NetworkSettings NetworkSettings,
    List<ContainerInspect.MountPoint> Mounts) {

  public record HostConfig(String NetworkMode) {}

  public record NetworkSettings(Map<String, Object> Networks) {}

  public static ContainerSummary of(ContainerView view, boolean size, Instant now) {
    Container c = view.container();
    BasicConfig b = c.config().basic();
    return new ContainerSummary(
        c.id().hex(),
        List.of(c.name()),
        view.imageRef(),
        c.imageId().toString(),
        command(b),
        c.created().getEpochSecond(),
        NetworkSettingsJson.psPorts(view),
        size ? Math.max(0, view.sizeRw()) : null,
        size ? Math.max(0, view.sizeRootFs()) : null,
        b.labels(),
        c.state().status().dockerName(),
        StatusText.of(c.state(), view.health(), now),
        new HostConfig(c.config().network().mode()),
        new NetworkSettings(NetworkSettingsJson.networks(view.networkSettings())),
        view.mounts().stream().map(ContainerInspect.MountPoint::of).toList());
  }

  /** Entrypoint and cmd joined by spaces, as Docker's ps shows them (quoted by the CLI itself). */
  static String command(BasicConfig b) {
    List<String> all = new ArrayList<>();
    if (b.entrypoint() != null) all.addAll(b.entrypoint());
    if (b.cmd() != null) all.addAll(b.cmd());
    return String.join(" ", all);
  }
}
