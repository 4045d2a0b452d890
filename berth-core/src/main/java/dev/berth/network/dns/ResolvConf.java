package dev.berth.network.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the host's resolver list from a resolv.conf(5): its {@code nameserver} lines, as literal addresses. */
final class ResolvConf {
  private ResolvConf() {}

  static List<InetSocketAddress> nameservers(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return List.of();
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
    if (!t.matches("[0-9.]+") && !t.matches("[0-9A-Fa-f:.]+")) return null;
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
