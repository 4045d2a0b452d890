package dev.berth.registry.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One fault a {@link FaultProxy} injects: which requests it watches (method and a regex over the whole path), which
 * of them it hits (the Nth, or every one), and what it does. It counts what it saw, so a test can assert that the
 * fault really happened ({@link #fired()}).
 */
public final class FaultRule {
  private final String method;
  private final Pattern path;
  private final int nth;
  private final Fault fault;
  private final AtomicInteger matched = new AtomicInteger();
  private final AtomicInteger fired = new AtomicInteger();

  /** What happens to a request a rule hits. */
  public sealed interface Fault {
    /** Answer with this status and a distribution-style error body; the registry never sees the request. */
    record Status(int code) implements Fault {}

    /**
     * Forward, but send only the first {@code bytes} of the response body, then cut the connection (the headers
     * still announce the whole length; a body no longer than {@code bytes} goes through whole).
     */
    record Truncate(long bytes) implements Fault {}

    /** Forward, but flip every bit of the response body's byte at {@code offset} (the length stays right). */
    record Corrupt(long offset) implements Fault {}

    /** Wait this long, then forward as usual. */
    record Delay(Duration duration) implements Fault {}

    /**
     * Forward, but send the response with this header set to {@code value} (replacing the registry's), e.g. a
     * manifest served with a media type the client does not know.
     */
    record Header(String name, String value) implements Fault {}

    /** Read the request, then close the connection without any answer; the registry never sees the request. */
    record Disconnect() implements Fault {}

    /**
     * Hold the request until {@code until} is true (checked every 10 ms), then forward it as usual. If it is still
     * false after {@code timeout}, answer 412 instead (an error the client does not retry), so a client that waits
     * for this answer before it makes {@code until} true fails rather than hangs. E.g. hold a pull's last blob until
     * the first layer's snapshot exists.
     */
    record Hold(BooleanSupplier until, Duration timeout) implements Fault {
      public Hold {
        java.util.Objects.requireNonNull(until, "condition");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("fault rule: hold timeout must be positive");
      }
    }
  }

  private FaultRule(String method, Pattern path, int nth, Fault fault) {
    this.method = method;
    this.path = path;
    this.nth = nth;
    this.fault = fault;
  }

  /** Requests this rule has seen that matched its method and path. */
  public int matched() {
    return matched.get();
  }

  /** How many times the fault was applied. */
  public int fired() {
    return fired.get();
  }

  public Fault fault() {
    return fault;
  }

  /** Counts a matching request and says whether the fault applies to it. */
  boolean hits(String requestMethod, String requestPath) {
    if ((method != null && !method.equalsIgnoreCase(requestMethod)) || !path.matcher(requestPath).matches()) {
      return false;
    }
    int count = matched.incrementAndGet();
    boolean hit = nth == 0 || count == nth;
    if (hit) {
      fired.incrementAndGet();
    }
    return hit;
  }

  @Override
  public String toString() {
    return (method == null ? "*" : method) + " " + path + (nth == 0 ? " every time" : " #" + nth) + " -> " + fault;
  }

  /** Chooses the requests and the fault, then hands the rule to its proxy. */
  public static final class Builder {
    private final String method;
    private final Pattern path;
    private final Consumer<FaultRule> register;
    private int nth;

    Builder(String method, String pathRegex, Consumer<FaultRule> register) {
      this.method = method;
      this.path = Pattern.compile(pathRegex);
      this.register = register;
    }

    /** Hit only the Nth matching request (1 is the first). */
    public Builder nth(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("fault rule: nth must be 1 or more, not " + n);
      }
      this.nth = n;
      return this;
    }

    /** Hit every matching request (the default). */
    public Builder always() {
      this.nth = 0;
      return this;
    }

    public FaultRule respond(int status) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("fault rule: status " + status + " is not an error status");
      }
      return add(new Fault.Status(status));
    }

    public FaultRule truncateAfter(long bytes) {
      return add(new Fault.Truncate(bytes));
    }

    public FaultRule corruptAt(long offset) {
      return add(new Fault.Corrupt(offset));
    }

    public FaultRule delay(Duration duration) {
      return add(new Fault.Delay(duration));
    }

    public FaultRule setHeader(String name, String value) {
      return add(new Fault.Header(name, value));
    }

    public FaultRule holdUntil(BooleanSupplier until, Duration timeout) {
      return add(new Fault.Hold(until, timeout));
    }

    public FaultRule disconnect() {
      return add(new Fault.Disconnect());
    }

    private FaultRule add(Fault fault) {
      FaultRule rule = new FaultRule(method, path, nth, fault);
      register.accept(rule);
      return rule;
    }
  }
}
