/**
 * dom0, the engine side of a host that sets itself up at boot: the boot log ({@link dev.berth.engine.dom0.BootLog},
 * persisted under {@code <data-root>/dom0}), what a dom0 image carries (its stack file, read from its layers, and
 * its CMD), converging to it (the stack applied as project {@code dom0}, the CMD run as the container {@code dom0})
 * and rolling back to the image applied before. berthd's boot sequence (host name, hooks) lives in the daemon and
 * records its steps here.
 *
 * <p>May use: {@code dev.berth.engine} (services), {@code dev.berth.stack} (the reader), {@code
 * dev.berth.runtime.container} (config records), {@code dev.berth.oci}, {@code dev.berth.errors}.
 */
package dev.berth.engine.dom0;
