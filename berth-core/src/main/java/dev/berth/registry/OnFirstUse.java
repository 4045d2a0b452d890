package dev.berth.registry;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value made on its first use and kept: the transport's TLS contexts and JDK clients, which cost a fresh daemon
 * about 0.3 s (the trust store, the TLS provider) and which a pull from a plain-HTTP registry on loopback never
 * needs. Thread-safe; the maker runs at most once.
 */
final class OnFirstUse<T> implements Supplier<T> {
  private final Supplier<T> maker;
  private volatile T value;

  OnFirstUse(Supplier<T> maker) {
    this.maker = maker;
  }

  @Override
  public T get() {
    T v = value;
    if (v != null) return v;
    synchronized (this) {
      if (value == null) value = maker.get();
      return value;
    }
  }

  /** Hands the value to {@code action} if it was made; makes nothing. */
  void ifMade(Consumer<T> action) {
    T v = value;
    if (v != null) action.accept(v);
  }
}
