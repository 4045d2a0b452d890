package dev.berth.api.containers;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code ContainerConfig}: the top level of the create body and {@code Config} in inspect. Cmd and
 * Entrypoint keep Docker's three meanings: null (not given), {@code []} and {@code [""]} (cleared); a bare
 * string is taken as a one-element list, as Docker's StrSlice does. Example (docker CLI 28, {@code run -it}):
 *
 * <pre>{"Hostname":"","User":"","AttachStdin":true,"Tty":true,"OpenStdin":true,"StdinOnce":true,
 *  "Env":["A=1"],"Cmd":["sh"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,
 *  "Labels":{}, "HostConfig":{…}, "NetworkingConfig":{…}}</pre>
 */
public record DockerConfig(
    String Hostname,
    String Domainname,
    String User,
    boolean AttachStdin,
    boolean AttachStdout,
    boolean AttachStderr,
    Map<String, Map<String, Object>> ExposedPorts,
    boolean Tty,
    boolean OpenStdin,
    boolean StdinOnce,
    List<String> Env,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> Cmd,
    DockerHealthConfig Healthcheck,
    String Image,
    Map<String, Map<String, Object>> Volumes,
    String WorkingDir,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> Entrypoint,
    List<String> OnBuild,
    Map<String, String> Labels,
    String StopSignal,
    Integer StopTimeout,
    List<String> Shell) {

  /** Docker's {@code HealthConfig}; durations in nanoseconds. */
  public record DockerHealthConfig(List<String> Test, long Interval, long Timeout, long StartPeriod, long StartInterval, int Retries) {}
}
