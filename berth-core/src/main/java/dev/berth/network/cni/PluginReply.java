package dev.berth.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.errors.SystemException;
import java.io.IOException;

/**
 * Reads what a plugin printed. A success is a CNI result; with the bridge plugin its {@code interfaces} list
 * the bridge, the host end of the veth and the container end (the one with a {@code sandbox}):
 *
 * <pre>{@code
 * {"cniVersion":"1.0.0",
 *  "interfaces":[{"name":"bt1","mac":"…"},{"name":"veth1a2b3c4d","mac":"…"},
 *                {"name":"eth0","mac":"2e:…","sandbox":"/run/berth/netns/c1"}],
 *  "ips":[{"interface":2,"address":"10.89.0.2/24","gateway":"10.89.0.1"}], "dns":{}}
 * }</pre>
 *
 * A failure is an error object ({@code {"code":11,"msg":"…","details":"…"}}) with a non-zero exit.
 */
final class PluginReply {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PluginReply() {}

  /** The container interface's MAC and the host veth's name from an ADD result. */
  static CniBridge.Result result(String stdout, CniBridge.Attachment a, String action) {
    JsonNode root = parse(stdout);
    String mac = null;
    String hostVeth = null;
    for (JsonNode i : root == null ? JSON.createArrayNode() : root.path("interfaces")) {
      String name = i.path("name").asText("");
      boolean inSandbox = !i.path("sandbox").asText("").isEmpty();
      if (inSandbox && name.equals(a.ifname())) mac = i.path("mac").asText(null);
      if (!inSandbox && !name.isEmpty() && !name.equals(a.bridge())) hostVeth = name;
    }
    if (mac == null || hostVeth == null) {
      throw new SystemException(action + ": the CNI bridge plugin's result names no " + (mac == null
          ? "container interface " + a.ifname() : "host veth") + ": " + stdout.strip());
    }
    return new CniBridge.Result(mac, hostVeth);
  }

  /**
   * The plugin's own explanation of a failure: {@code msg}, then {@code details} when there are any; stderr
   * or the exit status when stdout holds no error object.
   */
  static String error(PluginCall.Outcome o) {
    JsonNode root = parse(o.stdout());
    String msg = root == null ? "" : root.path("msg").asText("");
    if (!msg.isEmpty()) {
      String details = root.path("details").asText("");
      return details.isEmpty() ? msg : msg + ": " + details;
    }
    String stderr = o.stderr().strip();
    return stderr.isEmpty() ? "exit status " + o.exitCode() : stderr;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      JsonNode n = JSON.readTree(text);
      return n != null && n.isObject() ? n : null;
    } catch (IOException notJson) {
      return null;
    }
  }
}
