/**
 * The embedded DNS server, as Docker's: a UDP and a TCP socket at 127.0.0.11:53 inside each container's network
 * namespace (bound there through {@code netns}), served by berthd's threads. It answers the names and aliases
 * of the containers on the networks the asking container is on (A, and PTR for their addresses), and forwards
 * every other question to the host's resolvers from the host's namespace. Uses {@code network.netns}.
 */
package dev.berth.network.dns;
