/**
 * Networks on this host behind {@link dev.berth.engine.NetworkService}: the stored networks with their endpoints
 * ({@link dev.berth.engine.network.NetworkStore}, one JSON file per network), address allocation
 * ({@link dev.berth.engine.network.Ipam}), the service with Docker's semantics
 * ({@link dev.berth.engine.network.LocalNetworkService}), and the per-container plumbing the container side calls at
 * start and exit ({@link dev.berth.engine.network.ContainerNetworking}: namespace, CNI, firewall, port proxies,
 * embedded DNS, links).
 *
 * <p>May use: {@code dev.berth.engine} (interfaces and records), {@code engine.events}, {@code network.*} (the
 * model, netns, cni, firewall, dns), {@code proxy}, {@code runtime.container} (the container's NetworkConfig),
 * {@code errors}, {@code sys}, {@code oci} (JSON). Must not use {@code engine.container}: what it needs of
 * containers comes in through {@link dev.berth.engine.network.ContainerDirectory}.
 */
package dev.berth.engine.network;
