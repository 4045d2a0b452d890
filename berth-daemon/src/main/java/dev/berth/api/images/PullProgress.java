package dev.berth.api.images;

import dev.berth.oci.Digest;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.pull.ImagePuller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the engine's pull events into the messages {@code docker pull} shows, in dockerd's order:
 * <pre>
 * v1: Pulling from app
 * 4f4fb700ef54: Already exists
 * 8a49fdb3b6a5: Pulling fs layer
 * 0d3f1a5c9b2e: Pulling fs layer
 * 0d3f1a5c9b2e: Waiting
 * 8a49fdb3b6a5: Downloading [=====>   ]  1.049MB/10.49MB
 * 8a49fdb3b6a5: Verifying Checksum
 * 8a49fdb3b6a5: Download complete
 * 8a49fdb3b6a5: Extracting [>   ]  0B/10.49MB
 * 8a49fdb3b6a5: Pull complete
 * Digest: sha256:…
 * Status: Downloaded newer image for 127.0.0.1:5000/app:v1
 * </pre>
 * The engine announces every layer (Waiting) before it knows which are already in the store, and reports
 * extraction for all of them; dockerd shows a stored layer only as "Already exists". So a layer's first line
 * waits for its next event, and "Waiting" is shown only for layers held back while every download slot is busy.
 * When nothing had to be fetched and the image did not change, dockerd shows no layer at all ("Image is up to
 * date"): layer lines that only say "Already exists" are held back until something else happens.
 *
 * <p>Not thread-safe: the engine delivers events one at a time.
 */
final class PullProgress implements Consumer<ProgressEvent> {
  private enum Shown { PENDING, SHOWN, EXISTS }

  private final String pullingFrom;
  private final String tagOrDigest;
  private final Consumer<JsonMessage> out;
  private final int slots;
  private final Map<Digest, Shown> layers = new LinkedHashMap<>();
  private final Set<Digest> downloading = new LinkedHashSet<>();
  private final List<JsonMessage> held = new ArrayList<>();
  private boolean started;

  /**
   * @param tagOrDigest the id of the first line: the tag, or the digest of a pull by digest
   * @param repository the repository's path as dockerd names it, without the registry: {@code library/busybox}
   */
  PullProgress(String tagOrDigest, String repository, Consumer<JsonMessage> out) {
    this(tagOrDigest, repository, out, ImagePuller.DEFAULT_CONCURRENCY);
  }

  PullProgress(String tagOrDigest, String repository, Consumer<JsonMessage> out, int slots) {
    this.tagOrDigest = tagOrDigest;
    this.pullingFrom = "Pulling from " + repository;
    this.out = out;
    this.slots = slots;
  }

  @Override
  public void accept(ProgressEvent event) {
    Digest digest = event.layerDigest();
    Shown shown = layers.get(digest);
    String id = digest.shortId();
    switch (event.state()) {
      case WAITING -> layers.putIfAbsent(digest, Shown.PENDING);
      case ALREADY_EXISTS -> {
        layers.put(digest, Shown.EXISTS);
        hold(JsonMessage.step(id, event.state().status()));
      }
      case EXTRACTING, PULL_COMPLETE -> {
        if (shown != Shown.EXISTS) layerStep(event);
      }
      case DOWNLOADING -> {
        boolean first = downloading.add(digest);
        layerStep(event);
        if (first && downloading.size() >= slots) showWaiting();
      }
      case DOWNLOAD_COMPLETE -> {
        downloading.remove(digest);
        layerStep(event);
      }
      case RETRYING, VERIFYING -> layerStep(event);
    }
  }

  /**
   * Ends the display: "Digest: …" and the "Status: …" line. {@code upToDate} (the reference already named this
   * image and nothing was fetched) drops the held "Already exists" lines, as dockerd shows none then.
   */
  void finish(String digest, String familiarName, boolean upToDate) {
    if (!started) {
      started = true;
      out.accept(JsonMessage.status(tagOrDigest, pullingFrom));
      if (!upToDate) held.forEach(out);
      held.clear();
    }
    out.accept(JsonMessage.status("Digest: " + digest));
    out.accept(JsonMessage.status(upToDate ? "Status: Image is up to date for " + familiarName
        : "Status: Downloaded newer image for " + familiarName));
  }

  /** Whether anything but held lines was written (then errors must go inline). */
  boolean started() {
    return started;
  }

  /** Whether every layer seen so far was already in the store. */
  boolean nothingFetched() {
    return !layers.containsValue(Shown.SHOWN) && !layers.containsValue(Shown.PENDING);
  }

  private void layerStep(ProgressEvent event) {
    String id = event.layerDigest().shortId();
    if (layers.get(event.layerDigest()) != Shown.SHOWN) {
      layers.put(event.layerDigest(), Shown.SHOWN);
      emit(JsonMessage.step(id, "Pulling fs layer"));
    }
    State state = event.state();
    boolean counted = state == State.DOWNLOADING || state == State.EXTRACTING;
    emit(counted ? JsonMessage.progress(id, state.status(), event.current(), event.total()) : JsonMessage.step(id, state.status()));
  }

  /** All slots are busy: the layers not yet started are queued, which dockerd shows as "Waiting". */
  private void showWaiting() {
    for (Map.Entry<Digest, Shown> e : layers.entrySet()) {
      if (e.getValue() != Shown.PENDING) continue;
      e.setValue(Shown.SHOWN);
      String id = e.getKey().shortId();
      emit(JsonMessage.step(id, "Pulling fs layer"));
      emit(JsonMessage.step(id, "Waiting"));
    }
  }

  private void hold(JsonMessage message) {
    if (started) out.accept(message);
    else held.add(message);
  }

  private void emit(JsonMessage message) {
    if (!started) {
      started = true;
      out.accept(JsonMessage.status(tagOrDigest, pullingFrom));
      held.forEach(out);
      held.clear();
    }
    out.accept(message);
  }
}
