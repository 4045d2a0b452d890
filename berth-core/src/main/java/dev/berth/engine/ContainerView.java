package dev.berth.engine;

import dev.berth.runtime.container.Container;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as the engine presents it to front ends: the stored record (its config is the effective one,
 * the image's merged in) plus what the engine knows beside it, enough for Docker's inspect and ps JSON.
 *
 * @param imageRef the image as the user named it ({@code Config.Image}); the ID is in {@code container.imageId()}
 * @param rootfs the merged root filesystem while mounted, else null
 * @param containerDir where the container's files live (hostname, hosts, resolv.conf, config)
 * @param logPath the log file
 * @param mounts the mounts as inspect's {@code Mounts} shows them
 * @param health the health state, null when the container has no healthcheck
 * @param sizeRw bytes changed in the container's layer, -1 when not computed
 * @param sizeRootFs bytes of the whole root filesystem, -1 when not computed
 * @param graphDriver the storage driver's name and its data ({@code LowerDir}, {@code UpperDir}, …)
 * @param execIds the execs created in it that are kept
 * @param networkSettings its networks and published ports (inspect's {@code NetworkSettings})
 */
public record ContainerView(
    Container container,
    String imageRef,
    Path rootfs,
    Path containerDir,
    Path logPath,
    List<MountPoint> mounts,
    Health health,
    long sizeRw,
    long sizeRootFs,
    String graphDriver,
    Map<String, String> graphDriverData,
    List<String> execIds,
    NetworkSettings networkSettings) {

  public ContainerView {
    mounts = List.copyOf(mounts);
    graphDriverData = Map.copyOf(graphDriverData);
    execIds = List.copyOf(execIds);
    networkSettings = networkSettings == null ? NetworkSettings.EMPTY : networkSettings;
  }

  /** Without network settings (none known). */
  public ContainerView(Container container, String imageRef, Path rootfs, Path containerDir, Path logPath,
      List<MountPoint> mounts, Health health, long sizeRw, long sizeRootFs, String graphDriver,
      Map<String, String> graphDriverData, List<String> execIds) {
    this(container, imageRef, rootfs, containerDir, logPath, mounts, health, sizeRw, sizeRootFs, graphDriver,
        graphDriverData, execIds, NetworkSettings.EMPTY);
  }

  /** One entry of inspect's {@code Mounts}: type bind|volume|tmpfs, name (volumes only), source on the host, destination. */
  public record MountPoint(String type, String name, String source, String destination, String driver, String mode, boolean rw, String propagation) {}

  /** Docker's {@code State.Health}: status starting|healthy|unhealthy, consecutive failures, the last probes. */
  public record Health(String status, int failingStreak, List<Probe> log) {
    public Health {
      log = List.copyOf(log);
    }
  }

  /** One health probe: when it ran, its exit code and the start of its output. */
  public record Probe(Instant start, Instant end, int exitCode, String output) {}
}
