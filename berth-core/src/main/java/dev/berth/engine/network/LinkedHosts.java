package dev.berth.engine.network;

import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.NetworkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running parents of a legacy link pointing at their child: when a container starts on the default
 * bridge with a new address, each running container that links to it by name gets its /etc/hosts line for the
 * link rewritten, in place (the file is bind-mounted, so the inode must stay). Docker does this for a child that
 * restarts; Berth also does it for a child recreated under the same name, which is how an ambassador is moved:
 * the consumer keeps running and its next connection to the alias reaches the new ambassador. The link's
 * environment variables cannot change in a running process, so a consumer should use the alias's name.
 */
final class LinkedHosts {
  private static final Logger LOG = LoggerFactory.getLogger(LinkedHosts.class);

  private LinkedHosts() {}

  /**
   * @param child the container that just got {@code ip} on the default bridge
   * @param parents the IDs of the containers whose network is up (the candidates)
   */
  static void childStarted(Container child, String ip, Collection<String> parents, ContainerDirectory directory) {
    String childName = child.name().substring(1);
    String hostname = child.config().basic().hostname().isEmpty() ? child.id().shortId() : child.config().basic().hostname();
    for (String parentId : parents) {
      if (parentId.equals(child.id().hex())) continue;
      ContainerDirectory.Member parent = directory.byId(parentId);
      if (parent == null || !parent.running()) continue;
      for (NetworkConfig.Link l : parent.network().parsedLinks()) {
        String target = l.name().startsWith("/") ? l.name().substring(1) : l.name();
        if (!target.equals(childName)) continue;
        Path hosts = directory.hostsFile(parentId);
        if (hosts == null || !Files.isRegularFile(hosts)) continue;
        rewrite(hosts, l.alias(), LinkEnv.hostsLine(l.alias(), ip, hostname, childName), parent.name());
      }
    }
  }

  /** Replaces the lines whose first name is {@code alias} with {@code line} (appends it when there is none). */
  static void rewrite(Path hosts, String alias, String line, String parentName) {
    try {
      List<String> out = new ArrayList<>();
      boolean replaced = false;
      for (String old : Files.readAllLines(hosts, StandardCharsets.UTF_8)) {
        String[] words = old.strip().split("\\s+");
        if (words.length >= 2 && !old.strip().startsWith("#") && words[1].equals(alias)) {
          if (!replaced) out.add(line);
          replaced = true;
        } else {
          out.add(old);
        }
      }
      if (!replaced) out.add(line);
      Files.writeString(hosts, String.join("\n", out) + "\n", StandardCharsets.UTF_8); // truncates: same inode
      LOG.info("link {} of container {} now points at {}", alias, parentName, line.substring(0, line.indexOf('\t')));
    } catch (IOException e) {
      LOG.warn("updating the link {} in {} of container {}: {}", alias, hosts, parentName, e.getMessage());
    }
  }
}
