package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserLookupTest {
  @TempDir Path rootfs;

  @BeforeEach
  void writeAccounts() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), """
        # a comment
        root:x:0:0:root:/root:/bin/sh
        app:x:1000:1000:App:/home/app:/bin/sh
        broken line without fields
        web:x:33:33::/var/www:/bin/false
        """);
    Files.writeString(rootfs.resolve("etc/group"), """
        root:x:0:
        app:x:1000:
        audio:x:29:app,web
        video:x:44: web , app
        staff:x:50:
        """);
  }

  private ExecUser resolve(String user, String... groupAdd) {
    return UserLookup.resolve(rootfs, user, List.of(groupAdd));
  }

  @Test
  void resolve_empty_isRootWithRootsHome() {
    assertThat(resolve("")).isEqualTo(new ExecUser(0, 0, List.of(0), "/root"));
  }

  @Test
  void resolve_name_usesPasswdAndMemberGroups() {
    assertThat(resolve("app")).isEqualTo(new ExecUser(1000, 1000, List.of(1000, 29, 44), "/home/app"));
  }

  @Test
  void resolve_uid_findsTheNamedEntry() {
    assertThat(resolve("33")).isEqualTo(new ExecUser(33, 33, List.of(33, 29, 44), "/var/www"));
  }

  @Test
  void resolve_uidMissingFromPasswd_isAllowedWithGidZero() {
    assertThat(resolve("4242")).isEqualTo(new ExecUser(4242, 0, List.of(0), "/"));
  }

  @Test
  void resolve_uidColonGid_usesBothAndNoMemberGroups() {
    assertThat(resolve("1000:50")).isEqualTo(new ExecUser(1000, 50, List.of(50), "/home/app"));
    assertThat(resolve("5000:6000")).isEqualTo(new ExecUser(5000, 6000, List.of(6000), "/"));
  }

  @Test
  void resolve_nameColonGroupName_resolvesTheGroup() {
    assertThat(resolve("app:staff")).isEqualTo(new ExecUser(1000, 50, List.of(50), "/home/app"));
  }

  @Test
  void resolve_groupAdd_appendsNamesAndIds() {
    assertThat(resolve("web", "staff", "777")).isEqualTo(new ExecUser(33, 33, List.of(33, 29, 44, 50, 777), "/var/www"));
  }

  @Test
  void resolve_unknownName_failsNamingIt() {
    assertThatThrownBy(() -> resolve("nobody"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unable to find user nobody: no matching entries in passwd file");
  }

  @Test
  void resolve_unknownGroup_failsNamingIt() {
    assertThatThrownBy(() -> resolve("app:wheel"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unable to find group wheel");
    assertThatThrownBy(() -> resolve("app", "wheel"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("--group-add wheel");
  }

  @Test
  void resolve_noPasswdFile_allowsNumericIdsOnly() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.delete(rootfs.resolve("etc/group"));
    assertThat(resolve("1:2")).isEqualTo(new ExecUser(1, 2, List.of(2), "/"));
    assertThatThrownBy(() -> resolve("root")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void resolve_passwdSymlinkedToAnAbsolutePath_staysInsideTheRootfs() throws IOException {
    // An image whose /etc/passwd points at /etc/passwd.real must read the rootfs's file, never the host's.
    Files.move(rootfs.resolve("etc/passwd"), rootfs.resolve("etc/passwd.real"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd.real"));
    assertThat(resolve("app").uid()).isEqualTo(1000);

    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../../../../etc/passwd"));
    // The host's /etc/passwd has root; resolved inside the rootfs, the link points back at itself: no file.
    assertThatThrownBy(() -> resolve("root")).isInstanceOf(RuntimeException.class);
  }
}
