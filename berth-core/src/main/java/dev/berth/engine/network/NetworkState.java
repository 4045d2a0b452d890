package dev.berth.engine.network;

import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One network and the containers on it (container ID to endpoint), as stored and as the service holds it.
 * Immutable: a change makes a new state, written to disk before it replaces the old one.
 */
record NetworkState(Network network, Map<String, Endpoint> endpoints) {
  NetworkState {
    endpoints = Map.copyOf(endpoints);
  }

  NetworkState with(Endpoint e) {
    Map<String, Endpoint> next = new LinkedHashMap<>(endpoints);
    next.put(e.containerId(), e);
    return new NetworkState(network, next);
  }

  NetworkState without(String containerId) {
    Map<String, Endpoint> next = new LinkedHashMap<>(endpoints);
    next.remove(containerId);
    return new NetworkState(network, next);
  }

  String id() {
    return network.id();
  }

  String name() {
    return network.name();
  }
}
