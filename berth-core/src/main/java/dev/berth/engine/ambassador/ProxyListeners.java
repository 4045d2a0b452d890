package dev.berth.engine.ambassador;

import dev.berth.engine.AmbassadorService.BackendView;
import dev.berth.engine.AmbassadorService.ListenerView;
import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import dev.berth.network.netns.NetNs;
import dev.berth.proxy.Backend;
import dev.berth.proxy.Counters;
import dev.berth.proxy.Forwarder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * An ambassador in proxy mode: one listener per port of the plan, bound inside the container's network namespace
 * (the socket stays there; berthd's virtual threads serve it) and forwarded by the proxy core's
 * {@link Forwarder}, the one published ports use.
 */
final class ProxyListeners implements Served {
  private final AmbassadorPlan.Mode mode;
  private final Map<String, Forwarder> forwarders;

  private ProxyListeners(AmbassadorPlan.Mode mode, Map<String, Forwarder> forwarders) {
    this.mode = mode;
    this.forwarders = forwarders;
  }

  /**
   * Binds and serves every listener of {@code plan} in {@code netns} (null: berthd's own namespace). On failure
   * nothing stays bound: a port the plan names twice, or one taken in the container.
   */
  static ProxyListeners start(String name, AmbassadorPlan plan, NetNs netns) {
    Map<String, Forwarder> forwarders = new LinkedHashMap<>();
    try {
      for (AmbassadorPlan.Listener l : plan.listeners()) forwarders.put(l.key(), serve(l, netns, name));
    } catch (RuntimeException e) {
      forwarders.values().forEach(Forwarder::close);
      throw e;
    }
    return new ProxyListeners(plan.mode(), forwarders);
  }

  @Override
  public AmbassadorPlan plan() {
    List<AmbassadorPlan.Listener> out = new ArrayList<>();
    forwarders.forEach((key, f) -> {
      int slash = key.indexOf('/');
      out.add(new AmbassadorPlan.Listener(Integer.parseInt(key.substring(0, slash)), key.substring(slash + 1), f.backends()));
    });
    return new AmbassadorPlan(mode, out);
  }

  @Override
  public List<ListenerView> views() {
    List<ListenerView> listeners = new ArrayList<>();
    forwarders.forEach((key, f) -> {
      int slash = key.indexOf('/');
      String protocol = key.substring(slash + 1);
      Counters c = f.counters();
      List<BackendView> backends = f.backends().stream()
          .map(b -> new BackendView(protocol + "://" + b.host() + ":" + b.port(), f.isDown(b))).toList();
      listeners.add(new ListenerView(Integer.parseInt(key.substring(0, slash)), protocol, backends, c.connections(), c.open(),
          c.bytesIn(), c.bytesOut()));
    });
    return listeners;
  }

  @Override
  public void retarget(String key, List<Backend> backends) {
    forwarders.get(key).retarget(backends);
  }

  @Override
  public void close() {
    forwarders.values().forEach(Forwarder::close);
  }

  private static Forwarder serve(AmbassadorPlan.Listener l, NetNs netns, String name) {
    InetSocketAddress any = new InetSocketAddress("0.0.0.0", l.port());
    return switch (l.protocol()) {
      case "udp" -> inside(netns, () -> Forwarder.udp(any, l.backends().getFirst()));
      default -> Forwarder.tcp(inside(netns, () -> bindTcp(any, name)), l.backends());
    };
  }

  private static ServerSocketChannel bindTcp(InetSocketAddress address, String name) {
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address);
      return ch;
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the bind already failed
        }
      }
      throw new ConflictException("ambassador " + name + ": cannot listen on port " + address.getPort() + ": " + e.getMessage());
    }
  }

  private static <T> T inside(NetNs netns, Callable<T> action) {
    if (netns != null) return netns.inside(action);
    try {
      return action.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SystemException(e.getMessage(), e);
    }
  }
}
