package dev.berth.engine.network;

import dev.berth.network.Endpoint;
import dev.berth.network.Network;

/**
 * What happens on the host when the stored networks change: the bridge and firewall follow the networks, a
 * running container follows a connect or disconnect. Called outside the service's lock, after the change is
 * stored; {@link #connected} may throw, and the service then undoes the connect.
 */
interface NetworkHooks {
  void created(Network network);

  void removed(Network network);

  void connected(Network network, Endpoint endpoint);

  void disconnected(Network network, Endpoint endpoint);

  NetworkHooks NONE = new NetworkHooks() {
    @Override
    public void created(Network network) {}

    @Override
    public void removed(Network network) {}

    @Override
    public void connected(Network network, Endpoint endpoint) {}

    @Override
    public void disconnected(Network network, Endpoint endpoint) {}
  };
}
