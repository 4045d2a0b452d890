package dev.berth.api.containers;

import dev.berth.api.Request;
import dev.berth.errors.InvalidArgumentException;

/** Typed query parameters, with a 400 that names the parameter when a value is not what it should be. */
public final class Params {
  private Params() {}

  /** An integer parameter; null when absent or empty. */
  public static Integer integer(Request req, String name) {
    String v = req.param(name);
    if (v == null || v.isEmpty()) return null;
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid value for " + name + ": '" + v + "' is not an integer");
    }
  }

  public static int integer(Request req, String name, int fallback) {
    Integer v = integer(req, name);
    return v == null ? fallback : v;
  }

  /** The most a JSON request body may hold: far above any real create or exec body, far below harm. */
  public static final int MAX_JSON_BODY = 4 << 20;

  /** A small JSON body, read whole; 400 when it is larger than {@link #MAX_JSON_BODY}. */
  public static byte[] jsonBody(Request req, String what) throws java.io.IOException {
    byte[] body = req.body().readNBytes(MAX_JSON_BODY + 1);
    if (body.length > MAX_JSON_BODY) {
      throw new InvalidArgumentException("invalid " + what + ": the body is larger than " + (MAX_JSON_BODY >> 20) + " MiB");
    }
    return body;
  }

  /** A required non-empty parameter. */
  public static String required(Request req, String name, String action) {
    String v = req.param(name);
    if (v == null || v.isEmpty()) throw new InvalidArgumentException(action + ": the " + name + " parameter is required");
    return v;
  }
}
