package dev.berth.engine.container;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * One debug line per start/run phase, {@code trace container=<id12> phase=mount ms=3.1}, so the benchmark can
 * show where the time of a {@code run} goes. Costs one clock read per phase when debug logging is off.
 *
 * <p>Phases, in order. Create: {@code config} (image lookup, merge, validation), {@code snapshot} (the
 * writable layer), {@code store} (the record on disk). Start: {@code mount} (rootfs), {@code network} (volume
 * seeding, then waiting for what the network gives the spec: addresses, hosts lines, links), {@code spec} (spec
 * generation, /etc files, bundle), {@code monitor} (waiting for the network namespace, conmon launched, runc
 * create done), {@code network-ready} (waiting for the rest of the network, the CNI ADD, ports and DNS, which
 * ran alongside runc create), {@code attach} (waiting attachments connected), {@code start} (runc start),
 * {@code record} (state Running persisted, start event). Exit: {@code exit-notice} (from conmon's exit file to the
 * engine noticing it), the teardown step by step: {@code td-runtime} (runc's state and cgroups, the monitor and its
 * files; for a {@code --rm} container this runs on another thread instead, beside what follows), {@code td-unmount}
 * (rootfs), {@code td-bundle}, {@code td-network}, then {@code teardown} (what is left of it), {@code exit} (state,
 * die event, waiters). Removal: {@code rm-teardown} (the state change to removing, and a full teardown unless the
 * exit just did one), {@code rm-snapshot} (the writable layer deleted), {@code rm-store} (record and directory),
 * {@code rm-done} (networking, volumes, destroy event), {@code rm-runtime} (waiting for the runtime's removal that
 * the exit started; then waiters are told).
 */
final class PhaseTrace {
  private static final Logger LOG = System.getLogger("dev.berth.engine.container.trace");

  private final String container;
  private long last = System.nanoTime();

  PhaseTrace(String containerId) {
    this.container = containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }

  /** Logs a phase whose duration was measured elsewhere (e.g. from a file's timestamp). */
  void record(String phase, double ms) {
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, String.format(Locale.ROOT, "trace container=%s phase=%s ms=%.1f", container, phase, ms));
    }
  }

  /** Logs the time since the previous phase (or since this trace began) under {@code phase}. */
  void phase(String phase) {
    long now = System.nanoTime();
    long elapsed = now - last;
    last = now;
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, String.format(Locale.ROOT, "trace container=%s phase=%s ms=%.1f", container, phase, elapsed / 1e6));
    }
  }
}
