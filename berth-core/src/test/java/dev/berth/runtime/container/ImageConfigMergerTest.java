package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.ImageConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases follow Docker's docs: the Dockerfile reference (CMD/ENTRYPOINT interaction) and {@code docker run}. */
class ImageConfigMergerTest {
  private static ImageConfig.ContainerConfig image(List<String> entrypoint, List<String> cmd) {
    return new ImageConfig.ContainerConfig(null, null, null, entrypoint, cmd, null, null, null, null, null, null, null, null);
  }

  private static ImageConfig.ContainerConfig imageWith(String user, List<String> env, String workingDir, Map<String, String> labels,
      String stopSignal, Map<String, Map<String, Object>> ports, Map<String, Map<String, Object>> volumes, Map<String, Object> health) {
    return new ImageConfig.ContainerConfig(user, ports, env, null, List.of("/bin/sh"), volumes, workingDir, labels, stopSignal, null, health, null, null);
  }

  private static final ImageConfig.ContainerConfig NGINX =
      image(List.of("/docker-entrypoint.sh"), List.of("nginx", "-g", "daemon off;"));

  private static ContainerConfig request(BasicConfig basic) {
    return ContainerConfig.of(basic);
  }

  private static BasicConfig merged(ImageConfig.ContainerConfig img, BasicConfig user) {
    return ImageConfigMerger.merge(img, request(user)).basic();
  }

  @Test
  void merge_nothingGiven_takesImageEntrypointAndCmd() {
    BasicConfig b = merged(NGINX, BasicConfig.of("nginx"));
    assertThat(b.entrypoint()).containsExactly("/docker-entrypoint.sh");
    assertThat(b.cmd()).containsExactly("nginx", "-g", "daemon off;");
  }

  @Test
  void merge_cmdGiven_replacesImageCmdKeepsEntrypoint() {
    BasicConfig b = merged(NGINX, BasicConfig.of("nginx").withCmd(List.of("nginx", "-T")));
    assertThat(b.entrypoint()).containsExactly("/docker-entrypoint.sh");
    assertThat(b.cmd()).containsExactly("nginx", "-T");
  }

  @Test
  void merge_emptyCmdGiven_treatedAsNotGiven() {
    assertThat(merged(NGINX, BasicConfig.of("nginx").withCmd(List.of())).cmd()).containsExactly("nginx", "-g", "daemon off;");
  }

  @Test
  void merge_entrypointGivenWithoutCmd_dropsImageCmd() {
    BasicConfig b = merged(NGINX, BasicConfig.of("nginx").withEntrypoint(List.of("/bin/bash")));
    assertThat(b.entrypoint()).containsExactly("/bin/bash");
    assertThat(b.cmd()).isEmpty();
  }

  @Test
  void merge_entrypointAndCmdGiven_usesBoth() {
    BasicConfig b = merged(NGINX, BasicConfig.of("nginx").withEntrypoint(List.of("/bin/ls")).withCmd(List.of("-l", "/")));
    assertThat(b.entrypoint()).containsExactly("/bin/ls");
    assertThat(b.cmd()).containsExactly("-l", "/");
  }

  @Test
  void merge_emptyStringEntrypoint_clearsItKeepingImageCmd() {
    ImageConfig.ContainerConfig mysql = image(List.of("docker-entrypoint.sh"), List.of("mysqld"));
    BasicConfig b = merged(mysql, BasicConfig.of("mysql").withEntrypoint(List.of("")));
    assertThat(b.entrypoint()).isEmpty();
    assertThat(b.cmd()).containsExactly("mysqld");
  }

  @Test
  void merge_emptyStringEntrypointWithCmd_runsCmdAlone() {
    ImageConfig.ContainerConfig mysql = image(List.of("docker-entrypoint.sh"), List.of("mysqld"));
    BasicConfig b = merged(mysql, BasicConfig.of("mysql").withEntrypoint(List.of("")).withCmd(List.of("bash")));
    assertThat(b.entrypoint()).isEmpty();
    assertThat(b.cmd()).containsExactly("bash");
  }

  @Test
  void merge_emptyListEntrypoint_clearsItLikeEmptyString() {
    BasicConfig b = merged(NGINX, BasicConfig.of("nginx").withEntrypoint(List.of()));
    assertThat(b.entrypoint()).isEmpty();
    assertThat(b.cmd()).containsExactly("nginx", "-g", "daemon off;");
  }

  @Test
  void merge_shellFormInImage_carriedUnchanged() {
    ImageConfig.ContainerConfig shell = image(null, List.of("/bin/sh", "-c", "echo $HOME"));
    assertThat(merged(shell, BasicConfig.of("x")).cmd()).containsExactly("/bin/sh", "-c", "echo $HOME");
  }

  @Test
  void merge_noCommandAnywhere_throwsNoCommandSpecified() {
    assertThatThrownBy(() -> merged(image(null, null), BasicConfig.of("scratchy")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("No command specified").hasMessageContaining("scratchy");
  }

  @Test
  void merge_entrypointClearedOnImageWithoutCmd_throwsNoCommandSpecified() {
    ImageConfig.ContainerConfig onlyEntrypoint = image(List.of("/entry"), null);
    assertThatThrownBy(() -> merged(onlyEntrypoint, BasicConfig.of("y").withEntrypoint(List.of(""))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("No command specified");
  }

  @Test
  void merge_nullImageConfig_usesRequestOnly() {
    BasicConfig b = ImageConfigMerger.merge(null, request(BasicConfig.of("x").withCmd(List.of("true")))).basic();
    assertThat(b.cmd()).containsExactly("true");
    assertThat(b.env()).isEmpty();
  }

  @Test
  void merge_env_requestOverridesImageByNameAndImageRestIsAppended() {
    ImageConfig.ContainerConfig img = imageWith(null, List.of("PATH=/usr/bin", "HOME=/root", "LANG=C"), null, null, null, null, null, null);
    BasicConfig b = merged(img, BasicConfig.of("x").withEnv(List.of("HOME=/home/me", "FOO=bar", "LANG")));
    assertThat(b.env()).containsExactly("HOME=/home/me", "FOO=bar", "LANG", "PATH=/usr/bin");
  }

  @Test
  void merge_envWithEmptyName_throws() {
    assertThatThrownBy(() -> merged(NGINX, BasicConfig.of("x").withEnv(List.of("=oops"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'=oops'");
  }

  @Test
  void merge_labels_imageLabelsOverriddenByRequest() {
    Map<String, String> imageLabels = new LinkedHashMap<>();
    imageLabels.put("a", "1");
    imageLabels.put("b", "2");
    ImageConfig.ContainerConfig img = imageWith(null, null, null, imageLabels, null, null, null, null);
    BasicConfig b = merged(img, BasicConfig.of("x").withLabels(Map.of("b", "3", "c", "4")));
    assertThat(b.labels()).isEqualTo(Map.of("a", "1", "b", "3", "c", "4"));
  }

  @Test
  void merge_workingDir_requestWinsAndIsCleaned() {
    ImageConfig.ContainerConfig img = imageWith(null, null, "/app", null, null, null, null, null);
    assertThat(merged(img, BasicConfig.of("x")).workingDir()).isEqualTo("/app");
    assertThat(merged(img, BasicConfig.of("x").withWorkingDir("/srv/./data/")).workingDir()).isEqualTo("/srv/data");
  }

  @Test
  void merge_noWorkingDir_defaultsToRoot() {
    BasicConfig b = merged(NGINX, BasicConfig.of("x"));
    assertThat(b.workingDir()).isEmpty();
    assertThat(b.cwd()).isEqualTo("/");
  }

  @Test
  void merge_relativeWorkingDir_throwsDockerMessage() {
    assertThatThrownBy(() -> merged(NGINX, BasicConfig.of("x").withWorkingDir("app")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("the working directory 'app' is invalid, it needs to be an absolute path");
  }

  @Test
  void merge_user_requestWinsElseImage() {
    ImageConfig.ContainerConfig img = imageWith("nginx", null, null, null, null, null, null, null);
    assertThat(merged(img, BasicConfig.of("x")).user()).isEqualTo("nginx");
    assertThat(merged(img, BasicConfig.of("x").withUser("1000:1000")).user()).isEqualTo("1000:1000");
  }

  @Test
  void merge_stopSignal_requestWinsElseImageElseSigterm() {
    ImageConfig.ContainerConfig img = imageWith(null, null, null, null, "SIGQUIT", null, null, null);
    assertThat(merged(img, BasicConfig.of("x")).stopSignal()).isEqualTo("SIGQUIT");
    assertThat(merged(img, BasicConfig.of("x")).effectiveStopSignal().number()).isEqualTo(3);
    assertThat(merged(img, BasicConfig.of("x").withStopSignal("SIGINT")).stopSignal()).isEqualTo("SIGINT");
    BasicConfig none = merged(NGINX, BasicConfig.of("x"));
    assertThat(none.stopSignal()).isNull();
    assertThat(none.effectiveStopSignal()).isEqualTo(Signal.SIGTERM);
  }

  @Test
  void merge_invalidImageStopSignal_throws() {
    ImageConfig.ContainerConfig img = imageWith(null, null, null, null, "SIGNOPE", null, null, null);
    assertThatThrownBy(() -> merged(img, BasicConfig.of("x"))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("SIGNOPE");
  }

  @Test
  void merge_exposedPorts_unionNormalizedAndSorted() {
    ImageConfig.ContainerConfig img = imageWith(null, null, null, null, null, Map.of("80/tcp", Map.of(), "53/udp", Map.of()), null, null);
    BasicConfig b = merged(img, BasicConfig.of("x").withExposedPorts(List.of("443", "80/tcp")));
    assertThat(b.exposedPorts()).containsExactly("443/tcp", "53/udp", "80/tcp");
  }

  @Test
  void merge_volumes_unionOfImageAndRequest() {
    ImageConfig.ContainerConfig img = imageWith(null, null, null, null, null, null, Map.of("/data", Map.of()), null);
    ContainerConfig req = request(BasicConfig.of("x")).withStorage(new StorageConfig(null, List.of("/logs", "/data"), null, false));
    assertThat(ImageConfigMerger.merge(img, req).storage().volumes()).containsExactly("/data", "/logs");
  }

  @Test
  void merge_healthcheck_unsetRequestFieldsTakenFromImage() {
    Map<String, Object> health = Map.of("Test", List.of("CMD-SHELL", "curl -f http://localhost/"), "Interval", 30_000_000_000L, "Retries", 3);
    ImageConfig.ContainerConfig img = imageWith(null, null, null, null, null, null, null, health);
    Healthcheck user = new Healthcheck(null, 0, 5_000_000_000L, 0, 0, 0);
    Healthcheck h = merged(img, BasicConfig.of("x").withHealthcheck(user)).healthcheck();
    assertThat(h).isEqualTo(new Healthcheck(List.of("CMD-SHELL", "curl -f http://localhost/"), 30_000_000_000L, 5_000_000_000L, 0, 0, 3));
  }

  @Test
  void merge_healthcheckNone_disablesImageCheck() {
    Map<String, Object> health = Map.of("Test", List.of("CMD", "true"));
    ImageConfig.ContainerConfig img = imageWith(null, null, null, null, null, null, null, health);
    Healthcheck h = merged(img, BasicConfig.of("x").withHealthcheck(new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0))).healthcheck();
    assertThat(h.disabled()).isTrue();
    assertThat(merged(img, BasicConfig.of("x")).healthcheck().test()).containsExactly("CMD", "true");
    assertThat(merged(NGINX, BasicConfig.of("x")).healthcheck()).isNull();
  }

  @Test
  void merge_otherSettings_keptFromRequest() {
    BasicConfig user = new BasicConfig("nginx", null, null, null, null, null, null, "web1", "example.org", true, true, null, 20, null, null);
    ContainerConfig req = new ContainerConfig(user, null, null, null, RestartPolicy.ALWAYS, null, false);
    ContainerConfig out = ImageConfigMerger.merge(NGINX, req);
    assertThat(out.basic().hostname()).isEqualTo("web1");
    assertThat(out.basic().tty()).isTrue();
    assertThat(out.basic().openStdin()).isTrue();
    assertThat(out.basic().stopTimeout()).isEqualTo(20);
    assertThat(out.restartPolicy()).isEqualTo(RestartPolicy.ALWAYS);
  }
}
