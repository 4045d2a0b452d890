/**
 * The one proxy core that the published-port proxy (docker-proxy's job, for connections to the host's
 * loopback) and the ambassador share: TCP and UDP forwarders on virtual threads, with backends that can be
 * changed live (open connections drain to the old target, new ones go to the new), several backends per
 * listener tried in order with a health check, and counters of connections and bytes. Uses the JDK only.
 */
package dev.berth.proxy;
