package dev.berth.registry.pull;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * One build step of a pull: download one blob into the content store. A blob already there is skipped
 * ("Already exists"). Otherwise it waits for a download slot, streams the blob (resuming broken transfers)
 * into the store, which commits it only when size and digest match; a blob that does not match is fetched
 * once more, and if it still does not match the pull fails with an error naming the digest. Nothing of a
 * refused blob is kept.
 */
final class BlobDownload implements Callable<Void> {
  private static final long PROGRESS_STEP = 512 * 1024;
  private static final int ATTEMPTS = 2;

  private final RegistryClient client;
  private final ContentStore content;
  private final Descriptor blob;
  private final Semaphore slots;
  private final Consumer<ProgressEvent> progress;

  BlobDownload(RegistryClient client, ContentStore content, Descriptor blob, Semaphore slots, Consumer<ProgressEvent> progress) {
    this.client = client;
    this.content = content;
    this.blob = blob;
    this.slots = slots;
    this.progress = progress;
  }

  @Override
  public Void call() throws InterruptedException {
    if (content.exists(blob.digest())) {
      emit(State.ALREADY_EXISTS, 0);
      return null;
    }
    slots.acquire();
    try {
      download();
    } finally {
      slots.release();
    }
    return null;
  }

  /** Runs the step on the calling thread (the config, fetched before the layers). */
  void callUnchecked() {
    try {
      call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.berth.errors.SystemException("pulling blob " + blob.digest() + ": interrupted", e);
    }
  }

  private void download() {
    for (int attempt = 1; ; attempt++) {
      emit(attempt == 1 ? State.DOWNLOADING : State.RETRYING, 0);
      try (InputStream in = new Counting(client.pullBlob(blob.digest(), blob.size()))) {
        content.write(in, blob.digest(), blob.size());
        emit(State.VERIFYING, blob.size());
        emit(State.DOWNLOAD_COMPLETE, blob.size());
        return;
      } catch (InvalidArgumentException e) {
        if (attempt >= ATTEMPTS) {
          throw new RegistryException("pulling " + client.registry() + "/" + client.repository()
              + ": filesystem layer verification failed for digest " + blob.digest() + ": " + e.getMessage(), 200);
        }
      } catch (IOException e) {
        throw new RegistryException("pulling blob " + blob.digest() + ": " + e.getMessage(), e);
      }
    }
  }

  private void emit(State state, long current) {
    progress.accept(new ProgressEvent(blob.digest(), state, current, blob.size()));
  }

  /** Reports "Downloading" every half MiB as the bytes pass to the content store. */
  private final class Counting extends FilterInputStream {
    private long count;
    private long reported;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count - reported >= PROGRESS_STEP) {
          reported = count;
          emit(State.DOWNLOADING, count);
        }
      }
      return n;
    }
  }
}
