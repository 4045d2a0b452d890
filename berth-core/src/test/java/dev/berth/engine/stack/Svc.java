package dev.berth.engine.stack;

import dev.berth.runtime.container.Healthcheck;
import dev.berth.stack.Service;
import dev.berth.stack.StackLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test builder of {@link Service} records, which have many components: set what a test needs, the rest empty. */
final class Svc {
  String name;
  String image;
  Service.BuildSpec build;
  List<String> command;
  List<String> entrypoint;
  Map<String, String> environment = new LinkedHashMap<>();
  List<Service.PortSpec> ports = new ArrayList<>();
  List<String> expose = new ArrayList<>();
  List<Service.ServiceVolume> volumes = new ArrayList<>();
  List<String> volumesFrom = new ArrayList<>();
  List<Service.Link> links = new ArrayList<>();
  List<Service.ServiceNetwork> networks = new ArrayList<>();
  List<Service.DependsOn> dependsOn = new ArrayList<>();
  String restart;
  Healthcheck healthcheck;
  Map<String, String> labels = new LinkedHashMap<>();
  String hostname;
  String user;
  String workingDir;
  boolean privileged;
  List<String> capAdd = new ArrayList<>();
  List<String> capDrop = new ArrayList<>();
  int line;

  static Svc of(String name, String image) {
    Svc s = new Svc();
    s.name = name;
    s.image = image;
    return s;
  }

  Svc command(String... args) {
    command = List.of(args);
    return this;
  }

  Svc env(String key, String value) {
    environment.put(key, value);
    return this;
  }

  Svc dependsOn(String service, Service.DependsOn.Condition condition) {
    dependsOn.add(new Service.DependsOn(service, condition));
    return this;
  }

  Svc dependsOn(String service) {
    return dependsOn(service, Service.DependsOn.Condition.STARTED);
  }

  Svc link(String service, String alias) {
    links.add(new Service.Link(service, alias));
    return this;
  }

  Svc volumesFrom(String entry) {
    volumesFrom.add(entry);
    return this;
  }

  Svc network(String network, String... aliases) {
    networks.add(new Service.ServiceNetwork(network, List.of(aliases)));
    return this;
  }

  Svc volume(String source, String target) {
    volumes.add(new Service.ServiceVolume(Service.ServiceVolume.Type.VOLUME, source, target, false));
    return this;
  }

  Svc bind(String source, String target) {
    volumes.add(new Service.ServiceVolume(Service.ServiceVolume.Type.BIND, source, target, true));
    return this;
  }

  Svc port(Integer published, int target) {
    ports.add(new Service.PortSpec(null, published, target, "tcp"));
    return this;
  }

  Svc healthcheck(Healthcheck h) {
    healthcheck = h;
    return this;
  }

  Svc restart(String r) {
    restart = r;
    return this;
  }

  Svc line(int l) {
    line = l;
    return this;
  }

  Service build() {
    return new Service(name, image, build, command, entrypoint, environment, ports, expose, volumes, volumesFrom, links,
        networks, dependsOn, restart, healthcheck, labels, hostname, user, workingDir, privileged, capAdd, capDrop,
        new StackLocation("stack.yml", line));
  }
}
