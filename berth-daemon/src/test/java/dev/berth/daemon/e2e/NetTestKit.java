package dev.berth.daemon.e2e;

import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Small helpers of the networking end-to-end tests: network settings no other daemon on the machine uses, a shell,
 * an HTTP GET with retries, and the cleanup of a daemon's network settings after it stopped.
 */
final class NetTestKit {
  private NetTestKit() {}

  /** busybox httpd with a CGI that answers the client address it saw: {@code ip=<address>} on GET /cgi-bin/ip. */
  static final String WHO = "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho \"ip=$REMOTE_ADDR\"\\n'"
      + " > /www/cgi-bin/ip && chmod +x /www/cgi-bin/ip && exec httpd -f -p 80 -h /www";

  /** The address in the {@link #WHO} CGI's {@code ip=} line; httpd writes an IPv4 client as {@code [::ffff:a.b.c.d]}. */
  static String seen(String reply) {
    String line = reply.lines().filter(l -> l.startsWith("ip=")).findFirst().orElseThrow(() -> new AssertionError("no ip= line in " + reply));
    return line.substring(3).replace("[::ffff:", "").replace("]", "").strip();
  }

  /** From inside {@code ns}: GET /cgi-bin/ip of {@link #WHO} on address:port with busybox nc, retried while httpd starts. */
  static String fetchFrom(PeerNs ns, String address, int port) throws Exception {
    return ns.exec("for i in 1 2 3 4 5 6 7 8 9 10; do r=$(printf 'GET /cgi-bin/ip HTTP/1.0\\r\\n\\r\\n' | nc -w 3 "
        + address + " " + port + "); case \"$r\" in *ip=*) echo \"$r\"; exit 0;; esac; sleep 0.3; done; echo \"no answer: $r\"; exit 1");
  }

  /**
   * A bridge, subnets, chain prefix and netns directory of their own: {@code letters} (two lower-case letters, one per
   * test class) plus four random hex digits name the bridge ({@code xx<hex>0}), the chain prefix ({@code XX<HEX>}) and
   * the user bridges' prefix; the default subnet is a random 10.a.b.0/24 (a in 100..149) and the pool 10.(a+60)/16.
   */
  static NetworkDefaults uniqueDefaults(String letters) {
    String tag = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(256), (byte) ThreadLocalRandom.current().nextInt(256)});
    int a = 100 + ThreadLocalRandom.current().nextInt(50);
    int b = ThreadLocalRandom.current().nextInt(256);
    return new NetworkDefaults(letters + tag + "0", Subnet.parse("10." + a + "." + b + ".0/24"),
        Subnet.parse("10." + (a + 60) + ".0.0/16"), letters.toUpperCase() + tag.toUpperCase(), letters.charAt(0) + tag + "-",
        Path.of("/tmp", letters + "ns-" + tag));
  }

  /** Runs a shell command; its output with errors (the exit status is not checked). */
  static String sh(String command) throws Exception {
    return argv("sh", "-c", command);
  }

  /** Runs a command; its output with errors (the exit status is not checked). */
  static String argv(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s: " + out);
    }
    return out;
  }

  /** Runs a shell command that must succeed; its output. */
  static String must(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(command + " failed: " + out);
    return out;
  }

  /** The daemon's filter and nat rules as iptables-save prints them. */
  static String rules() throws Exception {
    return sh("iptables-save -t filter") + sh("iptables-save -t nat");
  }

  static boolean linkExists(String name) {
    return Files.exists(Path.of("/sys/class/net", name));
  }

  /** A plain HTTP GET of {@code path}, retried (10 s) while the server starts; the whole reply. */
  static String get(String host, int port, String path) throws Exception {
    Exception last = null;
    for (int i = 0; i < 50; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 2000);
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (reply.contains("200")) return reply;
        last = new IOException("reply: " + reply);
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no HTTP answer on " + host + ":" + port, last);
  }

  /**
   * A network namespace of the test's own joined to the host's by a veth pair on a private /30 (10.250.x.y): the host
   * end has {@link #hostAddress}, the namespace's end {@link #address}. {@link #close} removes both (the veth goes
   * with the namespace).
   */
  record PeerNs(String name, String hostIf, String hostAddress, String address) implements AutoCloseable {
    static PeerNs create(String letters) throws Exception {
      String tag = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(256), (byte) ThreadLocalRandom.current().nextInt(256)});
      int third = ThreadLocalRandom.current().nextInt(256);
      int base = 4 * ThreadLocalRandom.current().nextInt(64);
      PeerNs ns = new PeerNs(letters + "pn" + tag, letters + "pv" + tag, "10.250." + third + "." + (base + 1),
          "10.250." + third + "." + (base + 2));
      try {
        must("ip netns add " + ns.name + " && ip link add " + ns.hostIf + " type veth peer name eth0 netns " + ns.name
            + " && ip addr add " + ns.hostAddress + "/30 dev " + ns.hostIf + " && ip link set " + ns.hostIf + " up"
            + " && ip -n " + ns.name + " addr add " + ns.address + "/30 dev eth0 && ip -n " + ns.name + " link set eth0 up"
            + " && ip -n " + ns.name + " link set lo up");
        return ns;
      } catch (Exception | AssertionError e) {
        ns.close();
        throw e;
      }
    }

    /** Runs a command inside the namespace (with busybox's applets); its output with errors. */
    String exec(String command) throws Exception {
      return argv("ip", "netns", "exec", name, "/bin/busybox", "sh", "-c", command);
    }

    @Override
    public void close() throws Exception {
      sh("ip link del " + hostIf + " 2>/dev/null; ip netns del " + name + " 2>/dev/null; true");
    }
  }

  /**
   * After the daemon stopped: removes whatever of its networking a failed test may have left (bridges by name, its
   * netns directory).
   */
  static void removeLeftovers(NetworkDefaults defaults, Iterable<String> bridges) throws Exception {
    for (String br : bridges) sh("ip link del " + br + " 2>/dev/null; true");
    if (Files.isDirectory(defaults.netnsDir())) {
      try (var left = Files.list(defaults.netnsDir())) {
        for (Path p : left.toList()) sh("umount -l " + p + " 2>/dev/null; rm -f " + p);
      }
      Files.deleteIfExists(defaults.netnsDir());
    }
  }
}
