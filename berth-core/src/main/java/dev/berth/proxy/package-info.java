/**
 * The one proxy core that the published-port proxy (docker-proxy's job, for connections to the host's
 * loopback) and the ambassador share: TCP and UDP forwarders on virtual threads, with backends that can be
 * changed live (open connections drain to the old target, new ones go to the new), several backends per
 * listener tried in order with a health check, and counters of connections and bytes.
 *
 * <p>Large TCP transfers move with splice(2) through a pipe ({@code ZeroCopy}, libc through the
 * foreign function API), which needs the sockets' descriptors: the JVM must run with
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (berthd's jar manifest has it, as do the test JVMs and
 * bench/proxy) and {@code --enable-native-access=ALL-UNNAMED}. Without them the forwarder copies, only slower.
 *
 * <p>May use: the JDK, {@code errors}, and {@code sys} ({@code NativeCalls}, where the splice and setsockopt calls
 * are linked; sys is the bottom layer and uses the JDK only). Nothing of the engine or the network model.
 */
package dev.berth.proxy;
