/**
 * The read side of {@code /networks} for Docker's three predefined networks, until Berth has networking of
 * its own: clients such as Testcontainers look up the {@code bridge} network at start. May use only the API
 * transport ({@code dev.berth.api}); it owns no engine state.
 */
package dev.berth.api.networks;
