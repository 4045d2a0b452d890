package dev.berth.runtime.runc;

import dev.berth.oci.Json;
import dev.berth.runtime.spec.Resources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resources document {@code runc update --resources -} reads: the spec's "resources" object with only
 * the members that change. runc decodes it into a template whose fields are all zero ("leave alone"), so an
 * absent field keeps its value, while an explicit JSON null would erase runc's template and crash it: this
 * writes no nulls at all, and never the device rules, which update does not apply.
 *
 * <pre>{"memory": {"limit": 67108864, "swap": 134217728}, "cpu": {"quota": 50000, "period": 100000},
 *  "pids": {"limit": 100}}</pre>
 */
final class ResourceUpdate {
  private ResourceUpdate() {}

  static byte[] json(Resources r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (r.memory() != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      put(m, "limit", r.memory().limit());
      put(m, "reservation", r.memory().reservation());
      put(m, "swap", r.memory().swap());
      doc.put("memory", m);
    }
    if (r.cpu() != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      put(c, "shares", r.cpu().shares());
      put(c, "quota", r.cpu().quota());
      put(c, "period", r.cpu().period());
      put(c, "cpus", r.cpu().cpus());
      put(c, "mems", r.cpu().mems());
      doc.put("cpu", c);
    }
    if (r.pids() != null) {
      doc.put("pids", Map.of("limit", r.pids().limit()));
    }
    return Json.write(doc);
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) m.put(key, value);
  }
}
