package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NodeTemplateTest {
  final JsonNode image = read("{\"Id\":\"sha256:1\",\"Config\":{\"Cmd\":[\"/bin/sh\"],\"Env\":[\"PATH=/bin\"],\"Labels\":null},\"Size\":42}");

  static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void apply_nestedField_printsGoValue() {
    assertThat(NodeTemplate.apply("{{.Id}} {{.Config.Cmd}} {{.Size}}", image)).isEqualTo("sha256:1 [/bin/sh] 42");
  }

  @Test
  void apply_json_printsJson() {
    assertThat(NodeTemplate.apply("{{json .Config.Cmd}}", image)).isEqualTo("[\"/bin/sh\"]");
  }

  @Test
  void apply_missingAndNull_printAsGoDoes() {
    assertThat(NodeTemplate.apply("{{.Nope}}|{{.Config.Labels}}", image)).isEqualTo("<no value>|<nil>");
  }

  @Test
  void apply_object_printsSortedMap() {
    assertThat(NodeTemplate.apply("{{.Config}}", read("{\"Config\":{\"b\":1,\"a\":\"x\"}}"))).isEqualTo("map[a:x b:1]");
  }
}
