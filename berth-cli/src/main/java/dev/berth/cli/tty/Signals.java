package dev.berth.cli.tty;

/**
 * The signals berth receives, for {@code --sig-proxy}: while attached to a container without a TTY, berth
 * passes SIGINT, SIGTERM and SIGHUP on to the container instead of dying of them, as the docker CLI does.
 * The real one is {@link #process()}; the default of a {@code CliContext} built by hand (tests) is
 * {@link #NONE}, so that tests never take over their JVM's signals.
 */
@FunctionalInterface
public interface Signals {
  /** Ignores every request: no signal is taken over. */
  Signals NONE = (name, action) -> {};

  /** Calls {@code action} when the process receives signal {@code name} ("INT", "TERM", …) from now on. */
  void on(String name, Runnable action);

  /** This process's signals, through {@code sun.misc.Signal}; a signal the platform lacks is skipped. */
  static Signals process() {
    return (name, action) -> {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> Thread.ofVirtual().start(action));
      } catch (IllegalArgumentException e) {
        // unknown here, or reserved by the JVM: leave it alone
      }
    };
  }
}
