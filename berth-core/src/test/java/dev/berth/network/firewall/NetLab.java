package dev.berth.network.firewall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway network for the firewall's end-to-end tests, built with {@code ip} inside a private "host"
 * namespace of its own (so the test may set that namespace's FORWARD policy without touching the real
 * host's, and its rules and routes never meet another test's): bridges with an address,
 * "containers" (network namespaces with a veth on a bridge), an "outside" namespace joined to the host by a
 * veth, and busybox httpd servers whose CGI script answers with the client's address as the server saw it.
 * Every name carries a random id and every subnet a random second octet, so parallel runs never meet;
 * {@link #close} removes everything created, in reverse order, even after a failure.
 */
final class NetLab implements AutoCloseable {
  /** The result of one command. */
  record Run(int exit, String output) {}

  final String id;
  final int octet;
  /** The private "host" namespace: bridges, host-side veths, the firewall's tables and routing live here. */
  final String host;
  private final Path www;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> servers = new ArrayList<>();

  /** @param forwardPolicy the private host's FORWARD policy: ACCEPT (a bare host) or DROP (a host with dockerd) */
  NetLab(String forwardPolicy) throws IOException {
    this.id = randomLetters(4);
    this.octet = freeOctet();
    this.www = Files.createTempDirectory("berth-fwlab-");
    Path cgi = Files.createDirectories(www.resolve("cgi-bin")).resolve("ip");
    Files.writeString(cgi, "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho \"$REMOTE_ADDR\"\n");
    Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
    this.host = namespace("host");
    try {
      must("ip", "-n", host, "link", "set", "lo", "up");
      must("ip", "netns", "exec", host, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      must("ip", "netns", "exec", host, "iptables", "-P", "FORWARD", forwardPolicy);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  static String randomLetters(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    return s.toString();
  }

  /** A second octet for 10.N.0.0/16 that no route on the host uses yet. */
  private static int freeOctet() {
    String routes = run("ip", "-4", "route", "show", "table", "all").output();
    while (true) {
      int n = ThreadLocalRandom.current().nextInt(100, 250);
      if (!routes.contains("10." + n + ".")) return n;
    }
  }

  /** 10.N.{net}.{host} */
  String ip(int net, int host) {
    return "10." + octet + "." + net + "." + host;
  }

  /** A bridge {@code bt<id><suffix>} with address 10.N.net.1/24, up. */
  String bridge(char suffix, int net) {
    String name = "bt" + id + suffix;
    must("ip", "-n", host, "link", "add", name, "type", "bridge");
    must("ip", "-n", host, "addr", "add", ip(net, 1) + "/24", "dev", name);
    must("ip", "-n", host, "link", "set", name, "up");
    return name;
  }

  /** A namespace with lo up and eth0 at 10.N.net.number/24 on {@code bridge}, routed through the bridge. */
  String container(String name, String bridge, int net, int number) {
    String ns = namespace(name);
    String veth = "bt" + id + name;
    must("ip", "-n", host, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
    must("ip", "-n", host, "link", "set", veth, "master", bridge);
    must("ip", "-n", host, "link", "set", veth, "type", "bridge_slave", "hairpin", "on");
    must("ip", "-n", host, "link", "set", veth, "up");
    configure(ns, ip(net, number), ip(net, 1));
    return ns;
  }

  /** A namespace joined to the host by a veth: host side 10.N.net.1/24, namespace side 10.N.net.2/24. */
  String outside(String name, int net) {
    String ns = namespace(name);
    String veth = "bt" + id + name;
    must("ip", "-n", host, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
    must("ip", "-n", host, "addr", "add", ip(net, 1) + "/24", "dev", veth);
    must("ip", "-n", host, "link", "set", veth, "up");
    configure(ns, ip(net, 2), ip(net, 1));
    return ns;
  }

  private String namespace(String name) {
    String ns = "berth-fwtest-" + id + "-" + name;
    must("ip", "netns", "add", ns);
    namespaces.add(ns);
    return ns;
  }

  private static void configure(String ns, String address, String gateway) {
    must("ip", "-n", ns, "link", "set", "lo", "up");
    must("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
    must("ip", "-n", ns, "link", "set", "eth0", "up");
    must("ip", "-n", ns, "route", "add", "default", "via", gateway);
  }

  /** Starts busybox httpd on port 80 in {@code ns} and waits until it answers there. */
  void httpd(String ns) throws IOException, InterruptedException {
    servers.add(new ProcessBuilder("ip", "netns", "exec", ns, "/bin/busybox", "httpd", "-f", "-p", "0.0.0.0:80",
        "-h", www.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    for (int i = 0; i < 100; i++) {
      if (fetch(ns, "127.0.0.1:80") != null) return;
      Thread.sleep(50);
    }
    throw new IllegalStateException("httpd in " + ns + " did not start");
  }

  /** The firewall's tools, run in the private host's namespace. */
  ProcessIptables iptables() {
    return new ProcessIptables(List.of("ip", "netns", "exec", host), "iptables-restore", "iptables-save",
        java.time.Duration.ofSeconds(30));
  }

  /**
   * From {@code ns} (the private host's namespace when null), GET {@code hostPort}/cgi-bin/ip: the client address the
   * server saw, or null when the connection failed or timed out (3 s; busybox wget -T crashes on a refused connection).
   */
  String fetch(String ns, String hostPort) {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of("ip", "netns", "exec", ns == null ? host : ns));
    argv.addAll(List.of("/bin/busybox", "timeout", "3", "/bin/busybox", "wget", "-q", "-O-",
        "http://" + hostPort + "/cgi-bin/ip"));
    Run r = run(argv.toArray(String[]::new));
    return r.exit() == 0 ? r.output().strip() : null;
  }

  @Override
  public void close() throws IOException {
    for (Process p : servers) {
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // the containers first, then the host: deleting a namespace deletes its links (veths, bridges) and tables
    namespaces.reversed().forEach(ns -> run("ip", "netns", "del", ns));
    try (var files = Files.walk(www)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** What is left of this lab (namespaces named with its id, or links on the real host): empty after close. */
  String leftovers() {
    return (run("ip", "-br", "link").output() + run("ip", "netns", "list").output()).lines()
        .filter(l -> l.contains("bt" + id) || l.contains("fwtest-" + id)).reduce("", (a, b) -> a + b + "\n");
  }

  static void must(String... argv) {
    Run r = run(argv);
    if (r.exit() != 0) throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.output());
  }

  static Run run(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Run(-1, "timed out");
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Run(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(-1, "interrupted");
    }
  }
}
