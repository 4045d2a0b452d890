package dev.berth.api;

/**
 * Serves one request. Runs on its own virtual thread, so it may block (read a huge body, wait for events);
 * it must answer through the exchange exactly once. Engine exceptions it throws become Docker-shaped errors
 * in {@link ErrorMapper}.
 */
@FunctionalInterface
public interface Handler {
  void handle(Exchange exchange) throws Exception;
}
