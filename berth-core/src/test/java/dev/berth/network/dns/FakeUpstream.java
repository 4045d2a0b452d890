package dev.berth.network.dns;

import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A DNS server of the test's own on a free loopback port (UDP and TCP), standing in for the host's resolver:
 * it answers with {@code answer}'s reply, or stays silent when that gives null, and records each question
 * with the transport it came on.
 */
final class FakeUpstream implements AutoCloseable {
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Function<DnsMessage, DnsMessage> answer;
  final List<String> asked = Collections.synchronizedList(new ArrayList<>());

  FakeUpstream(Function<DnsMessage, DnsMessage> answer) throws Exception {
    this.answer = answer;
    DatagramSocket u = null;
    ServerSocket t = null;
    for (int attempt = 0; t == null; attempt++) {
      u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try {
        t = new ServerSocket(u.getLocalPort(), 16, InetAddress.getLoopbackAddress());
      } catch (java.net.BindException e) {
        u.close();
        if (attempt == 20) throw e;
      }
    }
    this.udp = u;
    this.tcp = t;
    Thread.ofVirtual().start(this::udpLoop);
    Thread.ofVirtual().start(this::tcpLoop);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) udp.getLocalSocketAddress();
  }

  private void udpLoop() {
    byte[] buf = new byte[4096];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        DnsMessage q = DnsCodec.decode(buf, p.getLength());
        asked.add("udp " + q.questions().getFirst().name());
        DnsMessage reply = answer.apply(q);
        if (reply == null) continue;
        byte[] bytes = DnsCodec.encode(reply);
        if (bytes.length > q.udpLimit()) bytes = DnsCodec.encode(reply.truncatedCopy());
        udp.send(new DatagramPacket(bytes, bytes.length, p.getSocketAddress()));
      } catch (Exception e) {
        // closed, or a packet the fake cannot read: go on until closed
      }
    }
  }

  private void tcpLoop() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] query = in.readNBytes(in.readUnsignedShort());
        DnsMessage q = DnsCodec.decode(query, query.length);
        asked.add("tcp " + q.questions().getFirst().name());
        DnsMessage reply = answer.apply(q);
        if (reply != null) DnsClient.send(s.getOutputStream(), DnsCodec.encode(reply));
      } catch (Exception e) {
        // closed, or a broken client: go on until closed
      }
    }
  }

  @Override
  public void close() throws Exception {
    udp.close();
    tcp.close();
  }
}
