package dev.berth.cli.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.tty.Tty;
import java.util.List;

/**
 * The HostConfig part of a create body: mounts, limits, security, restart, logging, networking (ports, links, DNS). The docker CLI sends
 * every field, zeros included; so does this, in the same order, so that a golden request reads the same.
 */
final class HostConfigBody {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private HostConfigBody() {}

  static ObjectNode build(ContainerOptions o, Tty.Size consoleSize) {
    ObjectNode restart = o.restart == null ? Policies.restart("no") : Policies.restart(o.restart);
    if (o.rm && !restart.path("Name").asText().equals("no")) throw new BadFlagException("Conflicting options: --restart and --rm");
    ObjectNode h = JSON.objectNode();
    List<String> binds = o.volumes.stream().filter(v -> !MountSpecs.anonymous(v)).toList();
    h.set("Binds", binds.isEmpty() ? JSON.nullNode() : CreateBody.strings(binds));
    h.put("ContainerIDFile", "");
    h.set("LogConfig", logConfig(o));
    h.put("NetworkMode", o.network == null || o.network.isEmpty() ? "default" : o.network);
    PortSpecs.apply(o.publish, h.putObject("PortBindings"), JSON.objectNode());
    h.set("RestartPolicy", restart);
    h.put("AutoRemove", o.rm).put("VolumeDriver", "");
    h.set("VolumesFrom", nullIfEmpty(o.volumesFrom));
    h.putArray("ConsoleSize").add(consoleSize == null ? 0 : consoleSize.rows()).add(consoleSize == null ? 0 : consoleSize.columns());
    h.set("CapAdd", nullIfEmpty(o.capAdd.stream().map(Policies::capability).toList()));
    h.set("CapDrop", nullIfEmpty(o.capDrop.stream().map(Policies::capability).toList()));
    h.put("CgroupnsMode", "").set("Dns", CreateBody.strings(o.dns));
    h.set("DnsOptions", CreateBody.strings(o.dnsOptions));
    h.set("DnsSearch", CreateBody.strings(o.dnsSearch));
    h.set("ExtraHosts", nullIfEmpty(o.addHosts));
    h.putNull("GroupAdd").put("IpcMode", "").put("Cgroup", "");
    h.set("Links", nullIfEmpty(o.links));
    h.put("OomScoreAdj", 0)
        .put("PidMode", "").put("Privileged", o.privileged).put("PublishAllPorts", o.publishAll).put("ReadonlyRootfs", o.readOnly);
    h.set("SecurityOpt", nullIfEmpty(o.securityOpts.stream().map(Policies::securityOpt).toList()));
    if (!o.tmpfs.isEmpty()) {
      ObjectNode tmpfs = h.putObject("Tmpfs");
      o.tmpfs.stream().map(MountSpecs::tmpfs).forEach(t -> tmpfs.put(t[0], t[1]));
    }
    h.put("UTSMode", "").put("UsernsMode", "").put("ShmSize", 0).put("Isolation", "");
    resources(o, h);
    if (!o.mounts.isEmpty()) {
      ArrayNode mounts = h.putArray("Mounts");
      o.mounts.stream().map(MountSpecs::mount).forEach(mounts::add);
    }
    h.putNull("MaskedPaths").putNull("ReadonlyPaths");
    if (o.init) h.put("Init", true);
    return h;
  }

  private static void resources(ContainerOptions o, ObjectNode h) {
    h.put("CpuShares", o.cpuShares == null ? 0 : Values.integer("-c, --cpu-shares", o.cpuShares));
    h.put("Memory", o.memory == null ? 0 : Values.bytes("-m, --memory", o.memory));
    h.put("NanoCpus", o.cpus == null ? 0 : Values.nanoCpus("--cpus", o.cpus));
    h.put("CgroupParent", "").put("BlkioWeight", 0);
    for (String f : List.of("BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps")) {
      h.putArray(f);
    }
    h.put("CpuPeriod", 0).put("CpuQuota", 0).put("CpuRealtimePeriod", 0).put("CpuRealtimeRuntime", 0).put("CpusetCpus", "")
        .put("CpusetMems", "");
    h.putArray("Devices");
    h.putNull("DeviceCgroupRules").putNull("DeviceRequests").put("MemoryReservation", 0);
    h.put("MemorySwap", o.memorySwap == null ? 0 : Values.swapBytes("--memory-swap", o.memorySwap));
    h.put("MemorySwappiness", -1).put("OomKillDisable", false);
    h.put("PidsLimit", o.pidsLimit == null ? 0 : Values.integer("--pids-limit", o.pidsLimit));
    ArrayNode ulimits = h.putArray("Ulimits");
    o.ulimits.stream().map(Policies::ulimit).forEach(ulimits::add);
    h.put("CpuCount", 0).put("CpuPercent", 0).put("IOMaximumIOps", 0).put("IOMaximumBandwidth", 0);
  }

  private static ObjectNode logConfig(ContainerOptions o) {
    ObjectNode log = JSON.objectNode().put("Type", CreateBody.nz(o.logDriver));
    ObjectNode config = log.putObject("Config");
    for (String opt : o.logOpts) {
      String[] kv = opt.split("=", 2);
      if (kv.length < 2 || kv[0].isEmpty()) throw new BadFlagException("--log-opt", opt, "invalid log option: expected KEY=VALUE");
      config.put(kv[0], kv[1]);
    }
    return log;
  }

  private static com.fasterxml.jackson.databind.JsonNode nullIfEmpty(List<String> values) {
    return values.isEmpty() ? JSON.nullNode() : CreateBody.strings(values);
  }
}
