package dev.berth.api.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One entry of {@code HostConfig.Mounts} ({@code --mount}), e.g.
 * {@code {"Type":"bind","Source":"/srv","Target":"/srv","ReadOnly":true}} or
 * {@code {"Type":"tmpfs","Target":"/cache","TmpfsOptions":{"SizeBytes":1048576,"Mode":1777}}}.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record DockerMount(
    String Type,
    String Source,
    String Target,
    boolean ReadOnly,
    String Consistency,
    BindOptions BindOptions,
    VolumeOptions VolumeOptions,
    TmpfsOptions TmpfsOptions) {

  /** {@code {"Propagation": "rprivate"}}. */
  public record BindOptions(String Propagation, boolean NonRecursive, boolean CreateMountpoint) {}

  /** {@code {"NoCopy": true, "Labels": {…}, "DriverConfig": {"Name": "local", "Options": {…}}, "Subpath": ""}}. */
  public record VolumeOptions(boolean NoCopy, Map<String, String> Labels, DriverConfig DriverConfig, String Subpath) {}

  public record DriverConfig(String Name, Map<String, String> Options) {}

  /** Size in bytes and the permission bits (as the Go FileMode number, e.g. 1023 for 01777). */
  public record TmpfsOptions(long SizeBytes, long Mode) {}
}
