package dev.berth.api;

import dev.berth.errors.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the handler of a method and path. Literal routes win over templated ones, and among templates the
 * longer literal suffix wins, so {@code GET /images/json} is the list, {@code GET /images/a/b/json} inspects
 * {@code a/b}, and {@code DELETE /images/a/b} removes {@code a/b}. Unknown paths give Docker's 404 "page not
 * found".
 */
public final class Router {
  private final List<Route> routes;

  /** One route: a method, a path template and its handler. */
  public record Route(String method, PathTemplate path, Handler handler) {}

  private Router(List<Route> routes) {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparing((Route r) -> !r.path().literal()).thenComparing(r -> -r.path().suffix().length()));
    this.routes = List.copyOf(sorted);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The handler for the request with its path variables; NotFoundException "page not found" when none. */
  public Matched route(String method, String path) {
    String m = "HEAD".equals(method) ? "GET" : method;
    for (Route r : routes) {
      if (!r.method().equals(m) && !r.method().equals(method)) continue;
      Optional<Map<String, String>> vars = r.path().match(path);
      if (vars.isPresent()) return new Matched(r, vars.get());
    }
    throw new NotFoundException("page not found");
  }

  public record Matched(Route route, Map<String, String> pathParams) {}

  /** Collects routes; each routes class adds its own. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    public Builder get(String path, Handler h) {
      return add("GET", path, h);
    }

    public Builder head(String path, Handler h) {
      return add("HEAD", path, h);
    }

    public Builder post(String path, Handler h) {
      return add("POST", path, h);
    }

    public Builder delete(String path, Handler h) {
      return add("DELETE", path, h);
    }

    public Builder add(String method, String path, Handler h) {
      routes.add(new Route(method, PathTemplate.of(path), h));
      return this;
    }

    public Router build() {
      return new Router(routes);
    }
  }
}
