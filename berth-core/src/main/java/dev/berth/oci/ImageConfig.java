package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The image configuration (OCI image spec, config.md), with Docker's extra fields:
 * <pre>{"created": "…", "architecture": "amd64", "os": "linux", "config": {"Env": […], "Cmd": […]},
 *  "rootfs": {"type": "layers", "diff_ids": ["sha256:…"]}, "history": [{"created_by": "…"}]}</pre>
 * The image ID is the digest of the config's stored bytes, which the content store keeps byte for byte.
 */
public record ImageConfig(
    String created,
    String author,
    String architecture,
    String os,
    String variant,
    @JsonProperty("config") ContainerConfig config,
    RootFs rootfs,
    List<History> history,
    @JsonProperty("docker_version") String dockerVersion,
    String comment) {

  public ImageConfig {
    history = history == null ? List.of() : List.copyOf(history);
  }

  public List<Digest> diffIds() {
    return rootfs == null ? List.of() : rootfs.diffIds();
  }

  /** The "config" member: the defaults a container of this image runs with. */
  public record ContainerConfig(
      @JsonProperty("User") String user,
      @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
      @JsonProperty("Env") List<String> env,
      @JsonProperty("Entrypoint") List<String> entrypoint,
      @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
      @JsonProperty("WorkingDir") String workingDir,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("StopSignal") String stopSignal,
      @JsonProperty("Shell") List<String> shell,
      @JsonProperty("Healthcheck") Map<String, Object> healthcheck,
      @JsonProperty("OnBuild") List<String> onBuild,
      @JsonProperty("ArgsEscaped") Boolean argsEscaped) {

    public static final ContainerConfig EMPTY =
        new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    public RootFs {
      diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }

    public static RootFs layers(List<Digest> diffIds) {
      return new RootFs("layers", diffIds);
    }
  }

  public record History(
      String created,
      @JsonProperty("created_by") String createdBy,
      String author,
      String comment,
      @JsonProperty("empty_layer") Boolean emptyLayer) {

    public boolean isEmptyLayer() {
      return Boolean.TRUE.equals(emptyLayer);
    }
  }
}
