package dev.berth.registry.push;

import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.UploadLocation;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * One build step of a push: make one blob present in the registry. A {@code HEAD} that finds it ends the
 * step ("Layer already exists"); else a mount from {@code mountFrom} is tried ("Mounted from"); else the blob
 * is uploaded from the content store, through the session the refused mount opened.
 */
final class BlobUpload implements Callable<Void> {
  private final RegistryClient client;
  private final ContentStore content;
  private final Descriptor blob;
  private final String mountFrom;
  private final long chunkSize;
  private final Semaphore slots;
  private final Consumer<ProgressEvent> progress;

  BlobUpload(RegistryClient client, ContentStore content, Descriptor blob, String mountFrom, long chunkSize, Semaphore slots,
      Consumer<ProgressEvent> progress) {
    this.client = client;
    this.content = content;
    this.blob = blob;
    this.mountFrom = mountFrom;
    this.chunkSize = chunkSize;
    this.slots = slots;
    this.progress = progress;
  }

  @Override
  public Void call() throws InterruptedException {
    slots.acquire();
    try {
      if (client.checkBlob(blob.digest()).isPresent()) {
        emit(State.LAYER_EXISTS, blob.size());
        return null;
      }
      Optional<UploadLocation> session = client.mountOrStart(blob.digest(), mountFrom);
      if (session.isEmpty()) {
        progress.accept(new ProgressEvent(blob.digest(), State.MOUNTED, blob.size(), blob.size(), mountFrom));
        return null;
      }
      emit(State.PUSHING, 0);
      client.pushBlob(blob.digest(), blob.size(), content.path(blob.digest()), chunkSize, session.get(), n -> emit(State.PUSHING, n));
      emit(State.PUSHED, blob.size());
      return null;
    } finally {
      slots.release();
    }
  }

  private void emit(State state, long current) {
    progress.accept(new ProgressEvent(blob.digest(), state, current, blob.size()));
  }
}
