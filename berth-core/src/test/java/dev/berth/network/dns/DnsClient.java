package dev.berth.network.dns;

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

/** A minimal DNS client for the tests: one query out, one answer (or none) back. */
final class DnsClient {
  private DnsClient() {}

  static byte[] query(int id, String name, int type) {
    return DnsCodec.encode(new DnsMessage(id, DnsMessage.RD, List.of(new Question(name, type, DnsMessage.CLASS_IN)),
        List.of(), List.of(), List.of()));
  }

  /** The answer, or null when none came within {@code timeout}. */
  static DnsMessage udp(InetSocketAddress server, byte[] packet, Duration timeout) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout((int) timeout.toMillis());
      s.send(new DatagramPacket(packet, packet.length, server));
      byte[] buf = new byte[65_535];
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        s.receive(in);
      } catch (SocketTimeoutException e) {
        return null;
      }
      return DnsCodec.decode(buf, in.getLength());
    }
  }

  static DnsMessage udp(InetSocketAddress server, byte[] packet) throws Exception {
    return udp(server, packet, Duration.ofSeconds(5));
  }

  /** One query over a fresh TCP connection; null when the server closes it without answering. */
  static DnsMessage tcp(InetSocketAddress server, byte[] packet) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(server, 5000);
      s.setSoTimeout(5000);
      send(s.getOutputStream(), packet);
      return receive(new DataInputStream(s.getInputStream()));
    }
  }

  static void send(OutputStream out, byte[] packet) throws IOException {
    out.write(new byte[] {(byte) (packet.length >> 8), (byte) packet.length});
    out.write(packet);
    out.flush();
  }

  static DnsMessage receive(DataInputStream in) throws Exception {
    int length;
    try {
      length = in.readUnsignedShort();
    } catch (java.io.EOFException e) {
      return null;
    }
    byte[] reply = in.readNBytes(length);
    return DnsCodec.decode(reply, reply.length);
  }
}
