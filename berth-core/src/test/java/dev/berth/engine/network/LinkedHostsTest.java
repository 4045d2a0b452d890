package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkedHostsTest {
  @TempDir Path tmp;

  @Test
  void rewrite_replacesTheAliasLineInPlace_keepsTheRest() throws Exception {
    Path hosts = tmp.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1\tlocalhost\n10.0.0.5\tredis 0123456789ab redis_ambassador\n10.0.0.9\tother\n10.0.0.7\tc1\n");
    Object inode = Files.getAttribute(hosts, "unix:ino");
    LinkedHosts.rewrite(hosts, "redis", "10.0.0.2\tredis fedcba987654 redis_ambassador", "consumer");
    assertThat(Files.readString(hosts)).isEqualTo(
        "127.0.0.1\tlocalhost\n10.0.0.2\tredis fedcba987654 redis_ambassador\n10.0.0.9\tother\n10.0.0.7\tc1\n");
    assertThat(Files.getAttribute(hosts, "unix:ino")).as("same inode: the file is bind-mounted").isEqualTo(inode);
  }

  @Test
  void rewrite_noLineForTheAlias_appendsIt() throws Exception {
    Path hosts = tmp.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1\tlocalhost\n# redis is here\n");
    LinkedHosts.rewrite(hosts, "redis", "10.0.0.2\tredis", "consumer");
    assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1\tlocalhost\n# redis is here\n10.0.0.2\tredis\n");
  }
}
