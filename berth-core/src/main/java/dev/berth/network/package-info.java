/**
 * Container networking, as values and host-level parts, below the engine: the model ({@link Network},
 * {@link Subnet}, {@link Endpoint}, {@link PortMapping}, the daemon's {@link NetworkDefaults}); persistent
 * network namespaces ({@code netns}); veths on a bridge through Debian's CNI {@code bridge} plugin with static
 * addresses ({@code cni}); the daemon's own iptables chains, regenerated whole and applied atomically
 * ({@code firewall}); and the embedded DNS server at 127.0.0.11 inside each container's namespace
 * ({@code dns}). The design and the measurements behind it: docs/networking.md.
 *
 * <p>Uses {@code sys} (FFM), {@code errors} and the JDK; nothing of containers, images or the engine. The engine
 * ({@code engine.network}) owns the network store, address allocation and the wiring to containers.
 */
package dev.berth.network;
