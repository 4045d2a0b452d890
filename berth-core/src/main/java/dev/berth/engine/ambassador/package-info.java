/**
 * The ambassador, the seed notebook's proxy between a consumer and its service, behind
 * {@link dev.berth.engine.AmbassadorService}. A container of an image labelled
 * {@value dev.berth.engine.AmbassadorService#LABEL} is an ambassador: {@link dev.berth.engine.ambassador.AmbassadorPlan}
 * reads its {@code *_PORT_<n>_TCP}/{@code _UDP} variables (from {@code --link} and {@code -e}) and its mode
 * ({@code AMBASSADOR_MODE}), and {@link dev.berth.engine.ambassador.Ambassadors} serves each port: in proxy mode
 * (the default), {@code ProxyListeners} binds one listener per port inside the container's network namespace and
 * serves it with the proxy core ({@link dev.berth.proxy.Forwarder}, the one the published-port proxy uses); in
 * NAT mode, {@code NatListeners} has the kernel forward instead, with DNAT rules in that namespace
 * ({@link dev.berth.network.firewall.NatForwarding}) pointed at the first backend a health check
 * ({@code NetnsProbe}) finds up. Either way the image itself only waits. Live retargets are kept in a state file
 * under the exec root, so a restarted berthd serves the same targets.
 *
 * <p>May use: {@code dev.berth.engine} (interfaces and records), {@code proxy}, {@code network.netns}, {@code network.firewall} (NAT mode's rules),
 * {@code errors}, {@code oci} (JSON). The container side reaches it through {@code engine.network}'s
 * ContainerNetworking, which starts and stops ambassadors with the container's network.
 */
package dev.berth.engine.ambassador;
