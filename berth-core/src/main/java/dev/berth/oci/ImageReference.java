package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * An image reference as Docker normalises it: {@code busybox} is {@code docker.io/library/busybox:latest},
 * {@code localhost:5000/app@sha256:…} keeps its registry and digest. See distribution's reference grammar.
 *
 * @param domain the registry host, {@code docker.io} by default
 * @param path the repository path, {@code library/busybox} for official images
 * @param tag the tag, or null when the reference has only a digest
 * @param digest the digest, or null
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {
  public static final String DEFAULT_DOMAIN = "docker.io";
  public static final String DEFAULT_TAG = "latest";

  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DOMAIN =
      Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");

  public ImageReference {
    if (tag == null && digest == null) tag = DEFAULT_TAG;
  }

  /** Parses and normalises; a malformed reference gives IllegalArgumentException saying what is wrong. */
  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) throw invalid(text, "empty reference");
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw invalid(text, e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) throw invalid(text, "invalid tag \"" + tag + "\"");
    }
    String domain = DEFAULT_DOMAIN;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
        if (!DOMAIN.matcher(first).matches()) throw invalid(text, "invalid registry \"" + first + "\"");
        domain = first;
        path = rest.substring(slash + 1);
      }
    }
    if (domain.equals("index.docker.io")) domain = DEFAULT_DOMAIN;
    if (path.isEmpty()) throw invalid(text, "empty repository name");
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw invalid(text, "repository name must be lowercase letters, digits and separators, got \"" + path + "\"");
      }
    }
    if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) path = "library/" + path;
    if (domain.length() + path.length() + 1 > 255) throw invalid(text, "repository name longer than 255 characters");
    return new ImageReference(domain, path, tag, digest);
  }

  /** True for a 12-to-64 hex string that may be an image ID prefix rather than a name. */
  public static boolean looksLikeId(String text) {
    String hex = text.startsWith("sha256:") ? text.substring(7) : text;
    return hex.length() >= 12 && hex.length() <= 64 && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid reference format \"" + text + "\": " + why);
  }

  /** {@code docker.io/library/busybox}. */
  public String repository() {
    return domain + "/" + path;
  }

  /** The name Docker prints: {@code busybox}, {@code user/app}, {@code localhost:5000/app}. */
  public String familiarRepository() {
    if (!domain.equals(DEFAULT_DOMAIN)) return repository();
    return path.startsWith("library/") ? path.substring(8) : path;
  }

  public ImageReference withTag(String newTag) {
    return new ImageReference(domain, path, newTag, null);
  }

  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(domain, path, null, newDigest);
  }

  /** {@code busybox:latest} or {@code app@sha256:…}. */
  public String familiar() {
    return familiarRepository() + suffix();
  }

  private String suffix() {
    return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  /** The fully qualified form, {@code docker.io/library/busybox:latest}. */
  @Override
  public String toString() {
    return repository() + suffix();
  }
}
