/**
 * The container end of a bridge network, through Debian's CNI {@code bridge} plugin
 * ({@code /usr/lib/cni/bridge}, package containernetworking-plugins) called as libcni would: ADD and DEL with
 * the network config on stdin, {@code static} IPAM (Berth allocates the address), no {@code ipMasq} (the
 * daemon's own firewall does NAT), hairpin on. No netlink code of our own: a bridge is removed with
 * {@code ip link del}. On a host whose TCP default is BBR, the host's route to each bridge gets
 * {@code congctl cubic} ({@link dev.berth.network.cni.BridgeCongestion}).
 *
 * <p>Owns: {@link dev.berth.network.cni.CniBridge} and its plugin exec. May use: {@code network} (address
 * parsing), {@code errors}, Jackson, SLF4J and the JDK.
 */
package dev.berth.network.cni;
