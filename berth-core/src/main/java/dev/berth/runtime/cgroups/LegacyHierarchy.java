package dev.berth.runtime.cgroups;

import java.nio.file.Path;
import java.util.List;

/**
 * cgroup v1: one tree per controller, {@code <root>/<controller><cgroupsPath>}. cpu and cpuacct may be
 * separate mounts or one "cpu,cpuacct" mount with symlinks; reading through {@code cpuacct} works for both.
 * Block I/O comes from the CFQ file when the kernel has it, else from the throttle (or BFQ) accounting, as
 * runc's stats do.
 */
final class LegacyHierarchy {
  private static final List<String> BLKIO_FILES = List.of(
      "blkio.io_service_bytes_recursive", "blkio.throttle.io_service_bytes_recursive", "blkio.bfq.io_service_bytes_recursive");

  private LegacyHierarchy() {}

  static CgroupReading read(Path root, String cgroupsPath) {
    Path memory = under(root, "memory", cgroupsPath);
    Path cpuacct = under(root, "cpuacct", cgroupsPath);
    Path pids = under(root, "pids", cgroupsPath);
    long[] io = blockIo(under(root, "blkio", cgroupsPath));
    long pidsMax = CgroupFiles.number(pids.resolve("pids.max"));
    return new CgroupReading(
        CgroupFiles.number(memory.resolve("memory.usage_in_bytes")),
        CgroupFiles.number(memory.resolve("memory.limit_in_bytes")),
        CgroupFiles.keyValues(memory.resolve("memory.stat")),
        CgroupFiles.number(cpuacct.resolve("cpuacct.usage")),
        CgroupFiles.number(cpuacct.resolve("cpuacct.usage_user")),
        CgroupFiles.number(cpuacct.resolve("cpuacct.usage_sys")),
        CgroupFiles.number(pids.resolve("pids.current")),
        Math.max(pidsMax, 0),
        io[0],
        io[1]);
  }

  private static Path under(Path root, String controller, String cgroupsPath) {
    return root.resolve(controller).resolve(cgroupsPath.substring(1));
  }

  /** Sums "MAJ:MIN Read N" and "MAJ:MIN Write N" over devices, from the first accounting file with lines. */
  static long[] blockIo(Path dir) {
    for (String name : BLKIO_FILES) {
      String t = CgroupFiles.text(dir.resolve(name));
      if (t == null) continue;
      long read = 0;
      long write = 0;
      boolean any = false;
      for (String line : t.split("\n")) {
        String[] f = line.strip().split("\\s+");
        if (f.length != 3) continue;
        any = true;
        if (f[1].equalsIgnoreCase("read")) read += CgroupFiles.parse(f[2]);
        if (f[1].equalsIgnoreCase("write")) write += CgroupFiles.parse(f[2]);
      }
      if (any) return new long[] {read, write};
    }
    return new long[] {0, 0};
  }
}
