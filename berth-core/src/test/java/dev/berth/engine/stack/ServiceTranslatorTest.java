package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.PortMapping;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.stack.NetworkDecl;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.VolumeDecl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTranslatorTest {
  private static ContainerConfig translate(Svc svc) {
    Service s = svc.build();
    StackFile stack = new StackFile(null, List.of(s),
        List.of(new VolumeDecl("data", false, null, null, null, null, null), new VolumeDecl("home", true, null, null, null, null, null)),
        List.of(new NetworkDecl("front", false, null, null, false, null, null, null, null),
            new NetworkDecl("lan", true, "lan0", null, false, null, null, null, null)));
    return ServiceTranslator.toConfig(s, new StackNames("p", stack), Map.of("l", "v"));
  }

  @Test
  void toConfig_basics_carryOverWithTheGivenLabels() {
    Svc s = Svc.of("web", "busybox").command("httpd", "-f").env("A", "1").restart("on-failure:3");
    s.user = "1000";
    s.workingDir = "/srv";
    s.hostname = "www";
    s.privileged = true;
    s.capAdd.add("net_admin");
    ContainerConfig c = translate(s);
    assertThat(c.basic().image()).isEqualTo("busybox");
    assertThat(c.basic().cmd()).containsExactly("httpd", "-f");
    assertThat(c.basic().entrypoint()).isNull();
    assertThat(c.basic().env()).containsExactly("A=1");
    assertThat(c.basic().labels()).isEqualTo(Map.of("l", "v"));
    assertThat(c.basic().user()).isEqualTo("1000");
    assertThat(c.basic().workingDir()).isEqualTo("/srv");
    assertThat(c.basic().hostname()).isEqualTo("www");
    assertThat(c.restartPolicy()).isEqualTo(new RestartPolicy.OnFailure(3));
    assertThat(c.security().privileged()).isTrue();
    assertThat(c.security().capAdd()).containsExactly("CAP_NET_ADMIN");
  }

  @Test
  void toConfig_noNetworks_onTheProjectsDefaultWithTheServiceAsAlias() {
    NetworkConfig n = translate(Svc.of("web", "busybox")).network();
    assertThat(n.mode()).isEqualTo("p_default");
    assertThat(n.endpoints()).isEqualTo(Map.of("p_default", new NetworkConfig.EndpointConfig(List.of("web"), null)));
  }

  @Test
  void toConfig_severalNetworks_firstIsTheModeAllAreEndpoints() {
    NetworkConfig n = translate(Svc.of("web", "busybox").network("front", "www").network("lan")).network();
    assertThat(n.mode()).isEqualTo("p_front");
    assertThat(n.endpoints()).containsOnlyKeys("p_front", "lan0");
    assertThat(n.endpoint("p_front").aliases()).containsExactly("web", "www");
    assertThat(n.endpoint("lan0").aliases()).containsExactly("web");
  }

  @Test
  void toConfig_portsArePublishedAndExposed() {
    Svc s = Svc.of("web", "busybox").port(8080, 80).port(null, 443);
    s.expose.add("9000");
    ContainerConfig c = translate(s);
    assertThat(c.network().ports()).containsExactly(new PortMapping("tcp", 80, null, 8080), new PortMapping("tcp", 443, null, 0));
    assertThat(c.basic().exposedPorts()).containsExactly("443/tcp", "80/tcp", "9000/tcp");
  }

  @Test
  void toConfig_mountsLinksAndVolumesFrom_resolvedToTheProjectsNames() {
    Svc s = Svc.of("dev", "busybox").volume("data", "/data").volume("home", "/home").volume(null, "/cache").bind("/etc/hosts", "/h")
        .link("db", "database").volumesFrom("store:ro").volumesFrom("container:plain");
    s.volumes.add(new Service.ServiceVolume(Service.ServiceVolume.Type.TMPFS, null, "/run", false));
    ContainerConfig c = translate(s);
    assertThat(c.storage().mounts()).containsExactly(
        new MountSpec(MountSpec.Type.VOLUME, "p_data", "/data", false, null),
        new MountSpec(MountSpec.Type.VOLUME, "home", "/home", false, null),
        new MountSpec(MountSpec.Type.VOLUME, "", "/cache", false, null),
        new MountSpec(MountSpec.Type.BIND, "/etc/hosts", "/h", true, null),
        new MountSpec(MountSpec.Type.TMPFS, null, "/run", false, null));
    assertThat(c.network().links()).containsExactly("p-db-1:database");
    assertThat(c.storage().volumesFrom()).containsExactly("p-store-1:ro", "plain");
  }
}
