package dev.berth.api.transport;

import dev.berth.api.Exchange;
import dev.berth.api.Request;
import java.io.IOException;
import java.util.Map;

/** The transport's exchange as the handler sees it: the same answer, the routed request. */
record RoutedExchange(NettyExchange delegate, Request request) implements Exchange {
  @Override
  public void respond(int status, String contentType, byte[] body, Map<String, String> headers) throws IOException {
    delegate.respond(status, contentType, body, headers);
  }

  @Override
  public ResponseStream stream(int status, String contentType) {
    return delegate.stream(status, contentType);
  }

  @Override
  public ResponseStream stream(int status, String contentType, Map<String, String> headers) {
    return delegate.stream(status, contentType, headers);
  }

  @Override
  public RawConnection hijack(String contentType) throws IOException {
    return delegate.hijack(contentType);
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }
}
