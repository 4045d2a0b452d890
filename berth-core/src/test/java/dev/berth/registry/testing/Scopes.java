package dev.berth.registry.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses docker scopes ("repository:NAME:pull,push") and decides what a token grants. */
final class Scopes {
  private Scopes() {}

  /** One entry of a token's {@code access} claim. */
  record Access(String type, String name, List<String> actions) {
    Access {
      actions = List.copyOf(actions);
    }
  }

  /**
   * The access a token gives for these requested scopes: each scope's actions kept only if {@code grantable} holds
   * them. A scope that is not TYPE:NAME:ACTIONS is skipped, as distribution's token servers do. The name may itself
   * hold colons (a port), so the type ends at the first colon and the actions start after the last.
   */
  static List<Access> grant(List<String> scopes, List<String> grantable) {
    List<Access> access = new ArrayList<>();
    for (String scope : scopes) {
      int first = scope.indexOf(':');
      int last = scope.lastIndexOf(':');
      if (first < 0 || last == first) {
        continue;
      }
      List<String> actions = Arrays.stream(scope.substring(last + 1).split(","))
          .filter(grantable::contains).distinct().toList();
      access.add(new Access(scope.substring(0, first), scope.substring(first + 1, last), actions));
    }
    return access;
  }
}
