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

  /** A required non-empty parameter. */
  public static String required(Request req, String name, String action) {
    String v = req.param(name);
    if (v == null || v.isEmpty()) throw new InvalidArgumentException(action + ": the " + name + " parameter is required");
    return v;
  }
}
