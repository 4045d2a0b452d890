package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Spec;

/**
 * One change to a runtime spec; options compose left to right over {@link DefaultSpec#create()}, in the way
 * containerd's {@code oci.WithX} options do. Each returns a new spec: specs are immutable.
 */
@FunctionalInterface
public interface SpecOption {
  Spec apply(Spec spec);

  /** Applies the options in order to a spec. */
  static Spec applyAll(Spec spec, Iterable<SpecOption> options) {
    Spec result = spec;
    for (SpecOption option : options) {
      result = option.apply(result);
    }
    return result;
  }
}
