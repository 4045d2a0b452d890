package dev.berth.api.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.ContainerView;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.state.ContainerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /containers/{id}/json}, Docker's full shape. Example (abridged):
 *
 * <pre>{"Id":"3f2a…","Created":"2026-11-28T07:44:55.1Z","Path":"sh","Args":[],
 *  "State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,
 *           "Dead":false,"Pid":4242,"ExitCode":0,"Error":"","StartedAt":"…","FinishedAt":"0001-01-01T00:00:00Z"},
 *  "Image":"sha256:…","Name":"/web","RestartCount":0,"Driver":"overlay","Platform":"linux",
 *  "HostConfig":{…},"GraphDriver":{"Name":"overlay","Data":{…}},"Mounts":[],"Config":{…},
 *  "NetworkSettings":{"Networks":{}, …}}</pre>
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerInspect(
    String Id,
    String Created,
    String Path,
    List<String> Args,
    State State,
    String Image,
    String ResolvConfPath,
    String HostnamePath,
    String HostsPath,
    String LogPath,
    String Name,
    int RestartCount,
    String Driver,
    String Platform,
    String MountLabel,
    String ProcessLabel,
    String AppArmorProfile,
    List<String> ExecIDs,
    DockerHostConfig HostConfig,
    GraphDriver GraphDriver,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long SizeRw,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long SizeRootFs,
    List<MountPoint> Mounts,
    DockerConfig Config,
    Map<String, Object> NetworkSettings) {

  /** Docker's {@code State}; {@code Health} only for a container with a healthcheck. */
  public record State(String Status, boolean Running, boolean Paused, boolean Restarting, boolean OOMKilled, boolean Dead,
      long Pid, int ExitCode, String Error, String StartedAt, String FinishedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) Health Health) {}

  public record Health(String Status, int FailingStreak, List<Probe> Log) {}

  public record Probe(String Start, String End, int ExitCode, String Output) {}

  public record GraphDriver(String Name, Map<String, String> Data) {}

  /** One of inspect's and ps's {@code Mounts}. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record MountPoint(String Type, String Name, String Source, String Destination, String Driver, String Mode,
      @JsonInclude(JsonInclude.Include.ALWAYS) boolean RW, @JsonInclude(JsonInclude.Include.ALWAYS) String Propagation) {
    static MountPoint of(ContainerView.MountPoint m) {
      return new MountPoint(m.type(), m.name(), m.source(), m.destination(), m.driver(), m.mode() == null ? "" : m.mode(),
          m.rw(), m.propagation() == null ? "" : m.propagation());
    }
  }


  public static ContainerInspect of(ContainerView view, boolean size) {
    Container c = view.container();
    BasicConfig b = c.config().basic();
    List<String> command = new ArrayList<>();
    if (b.entrypoint() != null) command.addAll(b.entrypoint());
    if (b.cmd() != null) command.addAll(b.cmd());
    String dir = view.containerDir() == null ? "" : view.containerDir().toString();
    return new ContainerInspect(
        c.id().hex(),
        ApiTimes.rfc3339(c.created()),
        command.isEmpty() ? "" : command.getFirst(),
        command.isEmpty() ? List.of() : command.subList(1, command.size()),
        state(c.state(), view.health()),
        c.imageId().toString(),
        dir.isEmpty() ? "" : dir + "/resolv.conf",
        dir.isEmpty() ? "" : dir + "/hostname",
        dir.isEmpty() ? "" : dir + "/hosts",
        view.logPath() == null ? "" : view.logPath().toString(),
        c.name(),
        c.restartCount(),
        view.graphDriver(),
        "linux",
        "",
        "",
        "",
        view.execIds().isEmpty() ? null : view.execIds(),
        ConfigViews.hostConfig(c.config()),
        new GraphDriver(view.graphDriver(), view.graphDriverData()),
        size ? Math.max(0, view.sizeRw()) : null,
        size ? Math.max(0, view.sizeRootFs()) : null,
        view.mounts().stream().map(MountPoint::of).toList(),
        ConfigViews.config(c.config(), view.imageRef(), c.id().hex()),
        NetworkSettingsJson.inspect(view));
  }

  static State state(ContainerState s, ContainerView.Health health) {
    return new State(s.status().dockerName(), s.isRunning(),
        s instanceof ContainerState.Paused, s instanceof ContainerState.Restarting, s.oomKilled(),
        s instanceof ContainerState.Dead, s.pid(), s.exitCode(), s.error() == null ? "" : s.error(),
        ApiTimes.rfc3339(s.startedAt()), ApiTimes.rfc3339(s.finishedAt()), health(health));
  }

  private static Health health(ContainerView.Health h) {
    if (h == null) return null;
    return new Health(h.status(), h.failingStreak(), h.log().stream()
        .map(p -> new Probe(ApiTimes.rfc3339(p.start()), ApiTimes.rfc3339(p.end()), p.exitCode(), p.output())).toList());
  }
}
