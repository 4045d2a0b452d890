/**
 * Resource use of a container read from its cgroup files, for {@code docker stats}: memory, CPU time,
 * pids and block I/O, under either hierarchy (v1 controllers under {@code /sys/fs/cgroup/<controller>},
 * as on this hybrid machine, or the v2 unified tree), plus the host figures the CPU percentage is computed
 * against ({@code /proc/stat}, online CPUs, {@code MemTotal}).
 *
 * <p>Owns: reading and parsing cgroup and procfs files. May use: errors. Never writes a cgroup: limits are
 * set by runc (create, update).
 */
package dev.berth.runtime.cgroups;
