package dev.berth.runtime.container;

import dev.berth.errors.ConflictException;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Random names in Docker's style, {@code adjective_surname} (e.g. {@code patient_hopper}), for containers
 * created without {@code --name}. The surnames are of scientists, engineers and explorers; the lists are
 * Berth's own. When a name is taken the caller asks again with {@code retry > 0} and a digit is appended, as
 * Docker does ({@code patient_hopper3}).
 */
public final class NameGenerator {
  static final List<String> ADJECTIVES = List.of(
      "agile", "amber", "ardent", "brave", "breezy", "bright", "calm", "candid", "careful", "cheerful",
      "clever", "cosmic", "curious", "daring", "deft", "devoted", "eager", "earnest", "elated", "epic",
      "fearless", "fervent", "festive", "fluent", "frosty", "gallant", "gentle", "gleaming", "golden",
      "graceful", "hardy", "hearty", "honest", "humble", "jolly", "keen", "kind", "lively", "loyal", "lucid",
      "merry", "mellow", "mindful", "modest", "nimble", "noble", "patient", "placid", "plucky", "polite",
      "proud", "quiet", "quirky", "radiant", "rapid", "ready", "serene", "sharp", "sincere", "snappy",
      "spry", "steady", "stoic", "sturdy", "sunny", "swift", "tender", "thrifty", "tidy", "upbeat",
      "valiant", "vivid", "warm", "wary", "witty", "zany", "zealous", "zesty");

  static final List<String> SURNAMES = List.of(
      "agnesi", "alhazen", "ampere", "babbage", "banneker", "bardeen", "bohr", "boole", "carver", "cerf",
      "chandrasekhar", "curie", "darwin", "dijkstra", "euclid", "euler", "faraday", "fermi", "feynman",
      "franklin", "galileo", "gauss", "germain", "goodall", "hamilton", "hawking", "heisenberg", "hertz",
      "hodgkin", "hopper", "hypatia", "johnson", "joule", "kepler", "knuth", "kovalevskaya", "lamarr",
      "laplace", "leakey", "liskov", "lovelace", "maxwell", "mayer", "meitner", "mendel", "mirzakhani",
      "morse", "newton", "noether", "ohm", "pascal", "pasteur", "planck", "raman", "ritchie", "rubin",
      "sagan", "shannon", "somerville", "tesla", "thompson", "torvalds", "turing", "volta", "watt",
      "wiles", "wright", "wu", "yalow", "yonath");

  private static final int MAX_TRIES = 100;

  private final RandomGenerator random;

  public NameGenerator(RandomGenerator random) {
    this.random = random;
  }

  /** A generator on a fresh random source; {@link #next} is synchronized, so one generator may be shared. */
  public static NameGenerator create() {
    return new NameGenerator(RandomGenerator.of("L64X128MixRandom"));
  }

  /** A name without the leading slash; {@code retry > 0} appends a digit to dodge a name in use. */
  public synchronized String next(int retry) {
    String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(random.nextInt(SURNAMES.size()));
    return retry > 0 ? name + random.nextInt(10) : name;
  }

  /**
   * A name (without the slash) for which {@code inUse} is false: first a plain one, then with a digit appended.
   * The store still has the last word; a caller that loses a race to {@link ContainerStore#add} asks again.
   */
  public String unique(Predicate<String> inUse) {
    for (int retry = 0; retry < MAX_TRIES; retry++) {
      String name = next(retry);
      if (!inUse.test(name)) return name;
    }
    throw new ConflictException("generating a container name: no free name found after " + MAX_TRIES + " tries");
  }
}
