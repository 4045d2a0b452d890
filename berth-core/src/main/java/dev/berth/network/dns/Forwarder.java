package dev.berth.network.dns;

import dev.berth.network.dns.DnsCodec.MalformedDnsException;
import dev.berth.network.dns.DnsMessage.Question;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Asks the host's resolvers what the embedded DNS does not answer itself. It runs on berthd's own threads, so
 * its sockets live in the host's namespace and reach the resolvers the host uses (even a 127.0.0.53 one).
 * The query goes out as the client sent it, over the client's transport (a UDP answer the resolver truncated
 * comes back truncated, and the client asks again over TCP, which is then forwarded over TCP). Each attempt
 * uses a fresh socket connected to one server, so only that server's answer is read; the answer must echo the
 * query's ID and question. A server that times out, fails, or answers SERVFAIL or REFUSED gives way to the
 * next; when none answers usefully the caller replies SERVFAIL. At most {@value #MAX_IN_FLIGHT} forwards run
 * at once across all containers, as Docker limits its own.
 */
final class Forwarder {
  static final int MAX_IN_FLIGHT = 100;
  private static final int MAX_UDP_ANSWER = 65_535;

  private final List<InetSocketAddress> servers;
  private final Duration timeout;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  /** @param timeout how long one server may take before the next is asked */
  Forwarder(List<InetSocketAddress> servers, Duration timeout) {
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
  }

  /**
   * The first useful answer to {@code query} (the raw bytes of {@code parsed}) as bytes to relay, or null when
   * no server gave one (or too many forwards are running).
   */
  byte[] forward(byte[] query, DnsMessage parsed, boolean tcp) {
    if (!inFlight.tryAcquire()) return null;
    try {
      byte[] fallback = null;
      for (InetSocketAddress server : servers) {
        byte[] answer = ask(server, query, parsed, tcp);
        if (answer == null) continue;
        int rcode = answer[3] & 0xF;
        if (rcode != DnsMessage.SERVFAIL && rcode != DnsMessage.REFUSED) return answer;
        fallback = answer;
      }
      return fallback;
    } finally {
      inFlight.release();
    }
  }

  private byte[] ask(InetSocketAddress server, byte[] query, DnsMessage parsed, boolean tcp) {
    try {
      return tcp ? overTcp(server, query, parsed) : overUdp(server, query, parsed);
    } catch (IOException e) {
      return null;
    }
  }

  private byte[] overUdp(InetSocketAddress server, byte[] query, DnsMessage parsed) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server);
      socket.send(new DatagramPacket(query, query.length));
      byte[] buf = new byte[MAX_UDP_ANSWER];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) return null;
        socket.setSoTimeout((int) Math.max(1, left));
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          return null;
        }
        byte[] answer = java.util.Arrays.copyOf(buf, packet.getLength());
        if (answers(answer, parsed)) return answer;
      }
    }
  }

  private byte[] overTcp(InetSocketAddress server, byte[] query, DnsMessage parsed) throws IOException {
    int ms = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(server, ms);
      socket.setSoTimeout(ms);
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {(byte) (query.length >> 8), (byte) query.length});
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = in.readNBytes(in.readUnsignedShort());
      return answers(answer, parsed) ? answer : null;
    }
  }

  /** Whether {@code answer} is a response to {@code query}: same ID, QR set, same question. */
  static boolean answers(byte[] answer, DnsMessage query) {
    DnsMessage m;
    try {
      m = DnsCodec.decode(answer, answer.length);
    } catch (MalformedDnsException e) {
      return false;
    }
    if (m.id() != query.id() || !m.isResponse() || m.questions().size() != 1) return false;
    Question a = m.questions().getFirst();
    Question q = query.questions().getFirst();
    return a.type() == q.type() && a.dnsClass() == q.dnsClass() && a.name().equalsIgnoreCase(q.name());
  }
}
