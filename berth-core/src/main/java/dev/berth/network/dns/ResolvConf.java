package dev.berth.network.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the host's resolver list from a resolv.conf(5): its {@code nameserver} lines, as literal addresses.
 * Loopback resolvers (a 127.0.0.53 stub) are kept: the forwarder asks them from the host's namespace, where
 * they live. A file that cannot be read gives an empty list (only container names resolve then).
 */
final class ResolvConf {
  private ResolvConf() {}

  static List<InetSocketAddress> nameservers(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.strip().split("\\s+");
      if (words.length >= 2 && words[0].equals("nameserver")) {
        InetAddress address = literal(words[1]);
        if (address != null) out.add(new InetSocketAddress(address, 53));
      }
    }
    return List.copyOf(out);
  }

  /** A numeric address, or null: a resolv.conf names no hosts, and resolving one here could loop. */
  private static InetAddress literal(String text) {
    String t = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
    boolean v4 = LocalAnswers.ipv4(t);
    boolean v6 = t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) return null;
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
