package dev.berth.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Mtu;
import dev.berth.oci.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon's JSON config file ({@code /etc/berth/daemon.json}), with dockerd's key names. Every key is
 * optional; an unknown key or a value of the wrong type is an error naming the file and the key, since a
 * typo silently ignored would leave the daemon running with a setting the admin did not choose.
 *
 * @param path the file read
 * @param insecureRegistries dockerd's {@code insecure-registries}: hosts that may be reached over plain HTTP
 * @param registryCertsDir Berth's {@code registry-certs-dir}: a directory laid out as dockerd's
 *     {@code /etc/docker/certs.d} ({@code <host:port>/ca.crt}), whose CAs pulls and logins trust
 * @param dom0Image Berth's {@code dom0-image}: the image berthd converges the host to at start (default {@code dom0:latest})
 * @param uploadExpiry Berth's {@code upload-expiry}: how long a partial upload a sender left is kept (default 24h)
 */
public record ConfigFile(Path path, List<String> hosts, String dataRoot, String execRoot, String storageDriver, String group, Boolean debug,
    NetworkFlags network, List<String> insecureRegistries, String registryCertsDir, String dom0Image, java.time.Duration uploadExpiry) {
  public static final Set<String> KEYS = Set.of("hosts", "data-root", "exec-root", "storage-driver", "group", "debug",
      "bridge", "bip", "iptables-chain-prefix", "default-address-pool", "userland-proxy", "mtu", "insecure-registries", "registry-certs-dir", "dom0-image",
      "upload-expiry");

  public ConfigFile {
    hosts = hosts == null ? null : List.copyOf(hosts);
    network = network == null ? NetworkFlags.NONE : network;
    insecureRegistries = insecureRegistries == null ? null : List.copyOf(insecureRegistries);
  }

  /** Without the upload-expiry key. */
  public ConfigFile(Path path, List<String> hosts, String dataRoot, String execRoot, String storageDriver, String group, Boolean debug,
      NetworkFlags network, List<String> insecureRegistries, String registryCertsDir, String dom0Image) {
    this(path, hosts, dataRoot, execRoot, storageDriver, group, debug, network, insecureRegistries, registryCertsDir, dom0Image, null);
  }

  /** Without the dom0 key. */
  public ConfigFile(Path path, List<String> hosts, String dataRoot, String execRoot, String storageDriver, String group, Boolean debug,
      NetworkFlags network, List<String> insecureRegistries, String registryCertsDir) {
    this(path, hosts, dataRoot, execRoot, storageDriver, group, debug, network, insecureRegistries, registryCertsDir, null);
  }

  /** Without registry keys. */
  public ConfigFile(Path path, List<String> hosts, String dataRoot, String execRoot, String storageDriver, String group, Boolean debug,
      NetworkFlags network) {
    this(path, hosts, dataRoot, execRoot, storageDriver, group, debug, network, null, null);
  }

  /** The registry options these keys give, or null when the file sets none. */
  public dev.berth.registry.RegistryOptions registry() {
    if (insecureRegistries == null && registryCertsDir == null) return null;
    return new dev.berth.registry.RegistryOptions(insecureRegistries == null ? null : Set.copyOf(insecureRegistries), null,
        registryCertsDir == null ? null : Path.of(registryCertsDir));
  }

  /** Without network keys. */
  public ConfigFile(Path path, List<String> hosts, String dataRoot, String execRoot, String storageDriver, String group, Boolean debug) {
    this(path, hosts, dataRoot, execRoot, storageDriver, group, debug, NetworkFlags.NONE);
  }

  /**
   * Reads the file. A missing file is fine when it is the default path ({@code explicit} false) and an error
   * when the user named it.
   */
  public static Optional<ConfigFile> load(Path path, boolean explicit) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      if (!explicit) return Optional.empty();
      throw new InvalidArgumentException("config file " + path + " does not exist");
    } catch (IOException e) {
      throw new InvalidArgumentException("cannot read config file " + path + ": " + e.getMessage(), e);
    }
    return Optional.of(parse(path, text));
  }

  static ConfigFile parse(Path path, String text) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("config file " + path + " is not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    if (root == null || root.isMissingNode()) root = Json.MAPPER.createObjectNode();
    if (!root.isObject()) throw new InvalidArgumentException("config file " + path + " must hold a JSON object");
    for (var field : root.properties()) {
      if (!KEYS.contains(field.getKey())) {
        throw new InvalidArgumentException("config file " + path + ": unknown key \"" + field.getKey() + "\" (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    return new ConfigFile(path, strings(path, root, "hosts"), string(path, root, "data-root"), string(path, root, "exec-root"),
        string(path, root, "storage-driver"), string(path, root, "group"), bool(path, root, "debug"),
        new NetworkFlags(string(path, root, "bridge"), string(path, root, "bip"), string(path, root, "iptables-chain-prefix"),
            string(path, root, "default-address-pool"), bool(path, root, "userland-proxy"), mtu(path, root)),
        strings(path, root, "insecure-registries"), string(path, root, "registry-certs-dir"), string(path, root, "dom0-image"),
        duration(path, root, "upload-expiry"));
  }

  private static String string(Path path, JsonNode root, String key) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw wrongType(path, key, "a string");
    return v.asText();
  }

  private static java.time.Duration duration(Path path, JsonNode root, String key) {
    String text = string(path, root, key);
    return text == null ? null : UploadSweeper.parse("config file " + path + ": key \"" + key + "\"", text);
  }

  /** dockerd's {@code mtu}: a JSON integer from 68 to 65535. */
  private static Integer mtu(Path path, JsonNode root) {
    JsonNode v = root.get("mtu");
    if (v == null || v.isNull()) return null;
    String where = "config file " + path + ": key \"mtu\"";
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrongType(path, "mtu", "an integer from " + Mtu.MIN + " to " + Mtu.MAX + ", not " + v);
    return Mtu.check(v.intValue(), where);
  }

  private static Boolean bool(Path path, JsonNode root, String key) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isBoolean()) throw wrongType(path, key, "true or false");
    return v.asBoolean();
  }

  private static List<String> strings(Path path, JsonNode root, String key) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isArray()) throw wrongType(path, key, "a list of strings");
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) throw wrongType(path, key, "a list of strings");
      out.add(e.asText());
    }
    return out;
  }

  private static InvalidArgumentException wrongType(Path path, String key, String expected) {
    return new InvalidArgumentException("config file " + path + ": key \"" + key + "\" must be " + expected);
  }
}
