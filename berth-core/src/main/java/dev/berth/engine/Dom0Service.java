package dev.berth.engine;

import java.util.List;

/**
 * dom0: the image that sets up the host when berthd starts (issue 7). At each boot berthd applies the host
 * settings, runs the hooks, and converges the host to the dom0 image: the stack it carries is applied as project
 * {@code dom0}, and its CMD runs as the container {@code dom0}. Each boot leaves a {@link Boot} record, persisted
 * under the data root, which {@code GET /dom0} and {@code berth dom0 status} show. Times are RFC 3339 text.
 */
public interface Dom0Service {
  /** The image name berthd looks for, the boots newest first, and the dom0 images applied, newest first. */
  Status status();

  /**
   * Re-applies the dom0 image applied before the current one: tags it as the dom0 image name again and
   * converges to it, recorded as a boot with trigger {@code rollback}. NotFoundException when there is no
   * earlier image (or it was removed since); the returned record says how each step went.
   */
  Boot rollback();

  record Status(String imageName, List<Boot> boots, List<AppliedImage> applied) {
    public Status {
      boots = List.copyOf(boots);
      applied = List.copyOf(applied);
    }
  }

  /**
   * One boot (or rollback): what image it found, the digest of the stack it read, and each step in order.
   *
   * @param number counts boots on this data root, from 1
   * @param trigger {@code boot} or {@code rollback}
   * @param finished null while steps still run
   * @param imageId null when no dom0 image was found
   * @param stackDigest {@code sha256:…} of the stack file's bytes, null when the image carries none
   */
  record Boot(int number, String trigger, String started, String finished, String imageName, String imageId,
      String stackDigest, List<Step> steps) {
    public Boot {
      steps = List.copyOf(steps);
    }

    /** True when a step failed. */
    public boolean failed() {
      return steps.stream().anyMatch(s -> s.outcome() == Outcome.FAILED);
    }
  }

  /**
   * One step: {@code hostname}, {@code bootsync}, {@code bootlocal}, {@code image}, {@code stack},
   * {@code container}. {@code detail} says what it did in words; {@code error} why it failed; {@code exitCode}
   * is a hook's.
   */
  record Step(String name, Outcome outcome, String detail, String error, Integer exitCode, String started, String finished) {}

  enum Outcome { RUNNING, DONE, FAILED, SKIPPED }

  /** A dom0 image a boot converged to; {@code ok} false when a step of that boot failed. */
  record AppliedImage(String imageId, String imageName, String stackDigest, String applied, boolean ok) {}
}
