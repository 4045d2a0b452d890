/**
 * The embedded DNS server, as Docker's: a UDP and a TCP socket at 127.0.0.11:53 inside each container's network
 * namespace (bound there through {@code netns}), served by berthd's virtual threads. It answers the names and
 * aliases of the containers on the networks the asking container is on (A, an empty AAAA, and PTR for their
 * addresses), and forwards every other question to the host's resolvers from the host's namespace.
 *
 * <p>Public: {@link dev.berth.network.dns.EmbeddedDns} (serve a container, stop) and
 * {@link dev.berth.network.dns.Names} (what the engine knows). Inside: the wire codec
 * ({@code DnsMessage}, {@code DnsCodec}), the local answers ({@code LocalAnswers}), the upstream
 * {@code Forwarder}, the per-query {@code QueryHandler}, the {@code UdpServer} and {@code TcpServer} loops, and
 * {@code ResolvConf}. Uses {@code network.netns}, {@code errors} and the JDK only. Design and numbers:
 * docs/networking.md, "Names (embedded DNS)".
 */
package dev.berth.network.dns;
