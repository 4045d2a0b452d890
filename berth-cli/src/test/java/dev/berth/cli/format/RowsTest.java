package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {
  static final Rows.Columns COLUMNS = new Rows.Columns(List.of("Repository", "Tag", "ID"), Map.of("ID", "IMAGE ID"));

  static Map<String, String> row(String repo, String tag, String id) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("Repository", repo);
    r.put("Tag", tag);
    r.put("ID", id);
    return r;
  }

  final List<Map<String, String>> rows = List.of(row("busybox", "latest", "0123456789ab"), row("debian", "bookworm", "ba9876543210"));

  @Test
  void render_defaultTable_alignsLikeTabwriter() {
    assertThat(Rows.render(OutputFormat.parse(null), COLUMNS, rows)).isEqualTo(
        "REPOSITORY   TAG        IMAGE ID\n"
            + "busybox      latest     0123456789ab\n"
            + "debian       bookworm   ba9876543210\n");
  }

  @Test
  void render_emptyTable_printsHeader() {
    assertThat(Rows.render(OutputFormat.parse("table"), COLUMNS, List.of())).isEqualTo("REPOSITORY   TAG       IMAGE ID\n");
  }

  @Test
  void render_json_printsOneSortedObjectPerLine() {
    assertThat(Rows.render(OutputFormat.parse("json"), COLUMNS, rows)).isEqualTo(
        "{\"ID\":\"0123456789ab\",\"Repository\":\"busybox\",\"Tag\":\"latest\"}\n"
            + "{\"ID\":\"ba9876543210\",\"Repository\":\"debian\",\"Tag\":\"bookworm\"}\n");
  }

  @Test
  void render_template_fillsFieldsPerRow() {
    assertThat(Rows.render(OutputFormat.parse("{{.Repository}}:{{.Tag}}"), COLUMNS, rows)).isEqualTo("busybox:latest\ndebian:bookworm\n");
  }

  @Test
  void render_tableTemplate_usesHeadersAndTabs() {
    assertThat(Rows.render(OutputFormat.parse("table {{.ID}}\\t{{.Repository}}"), COLUMNS, rows)).isEqualTo(
        "IMAGE ID       REPOSITORY\n0123456789ab   busybox\nba9876543210   debian\n");
  }

  @Test
  void render_unknownField_namesItAndTheKnownOnes() {
    assertThatThrownBy(() -> Rows.render(OutputFormat.parse("{{.Nope}}"), COLUMNS, rows))
        .hasMessageContaining("\"Nope\"").hasMessageContaining("ID, Repository, Tag");
  }

  @Test
  void quote_specialCharacters_escapedAsGo() {
    assertThat(Rows.quote("a\"b\\c\n<")).isEqualTo("\"a\\\"b\\\\c\\n\\u003c\"");
  }
}
