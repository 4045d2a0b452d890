package dev.berth.engine.ambassador;

import dev.berth.engine.AmbassadorService.ListenerView;
import dev.berth.proxy.Backend;
import java.util.List;

/**
 * How one running ambassador's ports are forwarded, by {@link AmbassadorPlan.Mode}: listeners served by berthd's
 * proxy core ({@link ProxyListeners}), or DNAT rules in the container's namespace ({@link NatListeners}).
 */
sealed interface Served permits ProxyListeners, NatListeners {
  /** The plan as it is now, retargets included (what the state file keeps). */
  AmbassadorPlan plan();

  /** One view per listener, in the plan's order, with its counters. */
  List<ListenerView> views();

  /** Points listener {@code key} ({@code 6379/tcp}, one of the plan's) at {@code backends}, tried in order. */
  void retarget(String key, List<Backend> backends);

  /**
   * Stops berthd's part: for the proxy, the listeners and their connections; for NAT, only the health check (the
   * rules keep forwarding until the namespace goes).
   */
  void close();
}
