/**
 * Registry authentication: the {@code WWW-Authenticate} challenges (sealed {@link
 * dev.berth.registry.auth.Challenge}: Basic or Bearer), the credentials a user has for a registry (sealed
 * {@link dev.berth.registry.auth.Credential}), Docker's token flow (realm, service, scopes, {@code token} or
 * {@code access_token}, {@code expires_in}) and where credentials come from: docker's {@code config.json}
 * ({@code auths}, {@code credHelpers}, {@code credsStore}) and {@code docker-credential-<name>} helpers.
 *
 * <p>May use: {@code oci} (the JSON codec), {@code errors}. Must not use {@code registry} (the façade uses
 * this package, not the other way round).
 */
package dev.berth.registry.auth;
