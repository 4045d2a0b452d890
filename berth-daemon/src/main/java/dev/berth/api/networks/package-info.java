/**
 * The {@code /networks} routes: Docker's network objects and requests translated to and from the engine's
 * {@link dev.berth.engine.NetworkService}, plus {@link ReadOnlyNetworks}, the predefined networks served when a
 * daemon has no network service (clients such as Testcontainers look up {@code bridge} at start). May use the API
 * transport ({@code dev.berth.api}), the engine's service interfaces and the network model; it owns no state.
 */
package dev.berth.api.networks;
