package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.Image;
import dev.berth.engine.ImageReceiver;
import dev.berth.engine.ImageReceiver.BlobRef;
import dev.berth.engine.ImageSource;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.image.content.LocalContentStore;
import dev.berth.image.store.JsonImageStore;
import dev.berth.oci.Descriptor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image sent blob by blob from one host's image service to another's: only missing blobs travel, a cut
 * blob resumes from its offset, and the commit gives the receiver the same image ID with the tag moved last.
 */
class ReceiverTest {
  @TempDir Path root;

  private Host sender;
  private Host receiving;

  /** One host's stores and image service. */
  private record Host(LocalContentStore content, JsonImageStore store, LocalImageService images) {
    static Host open(Path dir) throws Exception {
      Files.createDirectories(dir.resolve("snaps"));
      LocalContentStore content = LocalContentStore.open(dir.resolve("content"));
      JsonImageStore store = JsonImageStore.open(dir.resolve("images"));
      LocalImageService images = new LocalImageService(store, content, new FakeSnapshotter(dir.resolve("snaps")), EngineArchive.LAYER_APPLIER,
          new EngineArchive(), new EventBus(), dir.resolve("tmp"));
      return new Host(content, store, images);
    }
  }

  @BeforeEach
  void open() throws Exception {
    sender = Host.open(root.resolve("sender"));
    receiving = Host.open(root.resolve("receiver"));
  }

  private Image imported(String ref, String file, String text) {
    return sender.images().importImage(new ByteArrayInputStream(Tars.of(Map.of(file, text))), ref, List.of(), null);
  }

  /** The blobs of an image in sending order, as the sender's source describes it: config, layers, then the manifest. */
  private List<BlobRef> blobs(Image image) {
    ImageSource.Sendable sendable = sender.images().source().describe(image.id().toString());
    List<BlobRef> refs = new ArrayList<>();
    for (Descriptor d : sendable.blobs()) refs.add(new BlobRef(d.digest(), d.size()));
    refs.add(new BlobRef(sendable.manifest().digest(), sendable.manifest().size()));
    return refs;
  }

  /** Sends what the receiver lacks, as the client will; returns the bytes sent. */
  private long push(Image image) {
    ImageReceiver receiver = receiving.images().receiver();
    long sent = 0;
    for (ImageReceiver.Missing m : receiver.missing(blobs(image))) {
      long size = sender.content().info(m.digest()).orElseThrow().size();
      byte[] tail;
      try (InputStream in = sender.images().source().open(m.digest(), m.offset())) {
        tail = in.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(receiver.put(m.digest(), m.offset(), size, new ByteArrayInputStream(tail))).isTrue();
      sent += tail.length;
    }
    return sent;
  }

  @Test
  void commit_afterTheMissingBlobs_registersTheSameImageAndTag() {
    Image image = imported("example/app:1", "etc/app.conf", "port=80");
    long sent = push(image);
    assertThat(sent).isEqualTo(blobs(image).stream().mapToLong(BlobRef::size).sum());
    ImageReceiver.Committed done = receiving.images().receiver().commit(image.manifest().digest(), image.manifest().mediaType(), List.of("example/app:1"));
    assertThat(done.imageId()).isEqualTo(image.id());
    assertThat(done.upToDate()).isFalse();
    assertThat(done.moved()).containsExactly("example/app:1");
    assertThat(receiving.images().inspect("example/app:1").id()).isEqualTo(image.id());
    assertThat(receiving.images().inspect("example/app:1").manifest().digest()).isEqualTo(image.manifest().digest());
  }

  @Test
  void pushAgain_sameImage_sendsNothingAndIsUpToDate() {
    Image image = imported("example/app:1", "etc/app.conf", "port=80");
    push(image);
    receiving.images().receiver().commit(image.manifest().digest(), null, List.of("example/app:1"));
    assertThat(receiving.images().receiver().missing(blobs(image))).isEmpty();
    assertThat(push(image)).isZero();
    ImageReceiver.Committed again = receiving.images().receiver().commit(image.manifest().digest(), null, List.of("example/app:1"));
    assertThat(again.upToDate()).isTrue();
    assertThat(again.moved()).isEmpty();
  }

  @Test
  void put_cutMidBlob_resumesFromItsOffset() {
    Image image = imported("example/app:1", "etc/app.conf", "port=80");
    BlobRef layer = blobs(image).get(1);
    byte[] bytes = sender.content().read(layer.digest());
    assertThat(layer.size()).isEqualTo(bytes.length);
    ImageReceiver receiver = receiving.images().receiver();
    InputStream cut = new ByteArrayInputStream(Arrays.copyOfRange(bytes, 0, 100));
    assertThat(receiver.put(layer.digest(), 0, bytes.length, cut)).isFalse();
    assertThat(receiver.missing(List.of(layer))).containsExactly(new ImageReceiver.Missing(layer.digest(), 100));
    assertThat(receiver.put(layer.digest(), 100, bytes.length, new ByteArrayInputStream(Arrays.copyOfRange(bytes, 100, bytes.length)))).isTrue();
    assertThat(receiver.missing(List.of(layer))).isEmpty();
  }

  @Test
  void commit_layerNotSent_refusesAndTagsNothing() {
    Image image = imported("example/app:1", "etc/app.conf", "port=80");
    ImageReceiver receiver = receiving.images().receiver();
    for (BlobRef b : blobs(image)) {
      if (b.equals(blobs(image).get(1))) continue;
      receiver.put(b.digest(), 0, b.size(), new ByteArrayInputStream(sender.content().read(b.digest())));
    }
    assertThatThrownBy(() -> receiver.commit(image.manifest().digest(), null, List.of("example/app:1")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("layer blob " + blobs(image).get(1).digest() + " was not uploaded");
    assertThat(receiving.store().tags()).isEmpty();
  }

  @Test
  void commit_tagOnAnOlderImage_movesItToTheNewOne() {
    Image first = imported("example/app:1", "etc/app.conf", "port=80");
    push(first);
    receiving.images().receiver().commit(first.manifest().digest(), null, List.of("example/app:latest"));
    Image second = imported("example/app:2", "etc/app.conf", "port=8080");
    push(second);
    ImageReceiver.Committed moved = receiving.images().receiver().commit(second.manifest().digest(), null, List.of("example/app:latest"));
    assertThat(moved.moved()).containsExactly("example/app:latest");
    assertThat(receiving.images().inspect("example/app:latest").id()).isEqualTo(second.id());
  }

  @Test
  void commit_afterAPruneBetweenUploadsAndCommit_theLeasedBlobsAreKeptAndTheCommitSucceeds() {
    Image image = imported("example/app:1", "etc/app.conf", "port=80");
    push(image);
    receiving.images().prune(true, Map.of());
    for (BlobRef b : blobs(image)) assertThat(receiving.content().exists(b.digest())).as("blob %s after prune", b.digest()).isTrue();
    ImageReceiver.Committed done = receiving.images().receiver().commit(image.manifest().digest(), null, List.of("example/app:1"));
    assertThat(done.imageId()).isEqualTo(image.id());
    assertThat(receiving.content().leased()).as("the commit releases the leases").isEmpty();
  }

  @Test
  void prune_unleasedUnreferencedBlob_isStillSwept() {
    Image image = imported("example/app:1", "etc/app.conf", "port=80");
    push(image);
    receiving.content().uploads().release(blobs(image).stream().map(BlobRef::digest).toList());
    receiving.images().prune(true, Map.of());
    assertThat(blobs(image)).noneMatch(b -> receiving.content().exists(b.digest()));
  }

  @Test
  void expire_abandonedPartialUpload_isRemovedAndTheBlobStartsOver() {
    Image image = imported("example/app:1", "etc/app.conf", "port=80");
    BlobRef layer = blobs(image).get(1);
    byte[] bytes = sender.content().read(layer.digest());
    ImageReceiver receiver = receiving.images().receiver();
    receiver.put(layer.digest(), 0, bytes.length, new ByteArrayInputStream(Arrays.copyOfRange(bytes, 0, 100)));
    ImageReceiver.Expired gone = receiver.expire(java.time.Instant.now().plusSeconds(1));
    assertThat(gone.uploads()).containsExactly(layer.digest());
    assertThat(receiver.missing(List.of(layer))).containsExactly(new ImageReceiver.Missing(layer.digest(), 0));
  }
}
