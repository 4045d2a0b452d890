package dev.berth.proxy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SocketChannel;

/**
 * The file descriptor behind a JDK socket channel, which splice(2) needs and the JDK does not expose. The JDK's
 * socket channels implement the internal {@code sun.nio.ch.SelChImpl#getFDVal}; it is reachable only when the JVM
 * runs with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (bin/berthd's jar manifest, the test JVMs and
 * bench/proxy pass it). Without the export every lookup answers -1 and the proxy keeps its copying path, so nothing
 * breaks, it is only slower.
 */
final class SocketFds {
  private static final MethodHandle FD_VAL = find();

  private SocketFds() {}

  private static MethodHandle find() {
    try {
      Class<?> type = Class.forName("sun.nio.ch.SelChImpl");
      if (!type.getModule().isExported("sun.nio.ch", SocketFds.class.getModule())) return null;
      return MethodHandles.lookup().findVirtual(type, "getFDVal", MethodType.methodType(int.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Whether descriptors can be read at all in this JVM. */
  static boolean available() {
    return FD_VAL != null;
  }

  /** The channel's descriptor, or -1 when it cannot be read (no export, or another channel implementation). */
  static int of(SocketChannel channel) {
    if (FD_VAL == null) return -1;
    try {
      return (int) FD_VAL.invoke(channel);
    } catch (Throwable t) {
      return -1;
    }
  }
}
