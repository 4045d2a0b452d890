package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.archive.TestImages.TestImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
  @TempDir Path temp;
  DirContentStore source;
  DirContentStore target;
  Path scratch;

  @BeforeEach
  void setUp() {
    source = new DirContentStore(temp.resolve("source"));
    target = new DirContentStore(temp.resolve("target"));
    scratch = temp.resolve("scratch");
  }

  @AfterEach
  void scratchIsAlwaysCleaned() throws IOException {
    if (Files.exists(scratch)) {
      try (Stream<Path> left = Files.list(scratch)) {
        assertThat(left).as("scratch directory after load").isEmpty();
      }
    }
  }

  private List<LoadedImage> load(byte[] archive) {
    return ImageLoader.load(new ByteArrayInputStream(archive), target, scratch);
  }

  private byte[] save(TestImage image, String... tags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageSaver.save(source, List.of(new SaveItem(image.manifest(), Stream.of(tags).map(ImageReference::parse).toList())), out);
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void load_savedArchive_givesSameManifestConfigAndTagsAndCopiesBlobsByteForByte() {
    TestImage image = TestImages.busybox(source, true, "one");

    List<LoadedImage> loaded = load(save(image, "busybox:latest", "busybox:1.36"));

    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.manifest().digest()).isEqualTo(image.manifest().digest());
      assertThat(l.manifest().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(l.manifest().annotations()).isNull();
      assertThat(l.configDigest()).isEqualTo(image.config());
      assertThat(l.tags()).containsExactly(ImageReference.parse("busybox:latest"), ImageReference.parse("busybox:1.36"));
    });
    for (Digest digest : List.of(image.manifest().digest(), image.config(), image.layer().digest())) {
      assertThat(target.read(digest)).isEqualTo(source.read(digest));
    }
  }

  @Test
  void load_savedMultiPlatformIndex_loadsTheAmd64ManifestWithTheTag() {
    TestImage arm = TestImages.image(source, TestImages.rootfs("arm"), true, "arm64", "arm");
    TestImage amd = TestImages.image(source, TestImages.rootfs("amd"), true, "amd64", "amd");
    Descriptor index = TestImages.index(source, List.of(
        TestImages.withPlatform(arm.manifest(), "arm64"), TestImages.withPlatform(amd.manifest(), "amd64")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageSaver.save(source, List.of(new SaveItem(index, List.of(ImageReference.parse("multi:1")))), out);

    List<LoadedImage> loaded = load(out.toByteArray());

    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.manifest().digest()).isEqualTo(amd.manifest().digest());
      assertThat(l.configDigest()).isEqualTo(amd.config());
      assertThat(l.tags()).containsExactly(ImageReference.parse("multi:1"));
    });
  }

  @Test
  void load_gzippedArchive_loads() {
    TestImage image = TestImages.busybox(source, false, "one");

    List<LoadedImage> loaded = load(Tars.gzip(save(image, "busybox:latest")));

    assertThat(loaded).singleElement().extracting(LoadedImage::configDigest).isEqualTo(image.config());
  }

  @Test
  void load_ociArchiveWithNestedIndex_picksLinuxAmd64AndTagsFromAnnotation() {
    TestImage arm = TestImages.image(source, TestImages.rootfs("arm"), true, "arm64", "arm");
    TestImage amd = TestImages.image(source, TestImages.rootfs("amd"), true, "amd64", "amd");
    Descriptor inner = TestImages.index(source, List.of(
        TestImages.withPlatform(arm.manifest(), "arm64"), TestImages.withPlatform(amd.manifest(), "amd64")));
    Descriptor outer = TestImages.index(source, List.of(inner));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", ExportPlan.OCI_LAYOUT);
    files.put("index.json", Json.write(dev.berth.oci.Index.oci(List.of(outer.withAnnotations(Map.of(
        "io.containerd.image.name", "docker.io/library/multi:2", "org.opencontainers.image.ref.name", "2"))))));
    for (Digest d : List.of(outer.digest(), inner.digest(), arm.manifest().digest(), arm.config(), arm.layer().digest(),
        amd.manifest().digest(), amd.config(), amd.layer().digest())) {
      files.put("blobs/sha256/" + d.encoded(), source.read(d));
    }

    List<LoadedImage> loaded = load(Tars.write(files));

    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.manifest().digest()).isEqualTo(amd.manifest().digest());
      assertThat(l.configDigest()).isEqualTo(amd.config());
      assertThat(l.tags()).containsExactly(ImageReference.parse("multi:2"));
    });
    assertThat(target.exists(amd.layer().digest())).isTrue();
    assertThat(target.exists(arm.layer().digest())).isFalse();
  }

  private Map<String, byte[]> ociArchive(TestImage image, Map<String, String> annotations) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", ExportPlan.OCI_LAYOUT);
    files.put("index.json", Json.write(dev.berth.oci.Index.oci(List.of(image.manifest().withAnnotations(annotations)))));
    for (Digest d : List.of(image.manifest().digest(), image.config(), image.layer().digest())) {
      files.put("blobs/sha256/" + d.encoded(), source.read(d));
    }
    return files;
  }

  @Test
  void load_ociArchiveWithBareRefName_loadsUntagged() {
    TestImage image = TestImages.busybox(source, true, "one");

    List<LoadedImage> loaded = load(Tars.write(ociArchive(image, Map.of("org.opencontainers.image.ref.name", "latest"))));

    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.configDigest()).isEqualTo(image.config());
      assertThat(l.tags()).isEmpty();
    });
  }

  @Test
  void load_ociArchiveWithFullRefName_tagsIt() {
    TestImage image = TestImages.busybox(source, true, "one");

    List<LoadedImage> loaded = load(Tars.write(ociArchive(image, Map.of("org.opencontainers.image.ref.name", "example.com/app:v1"))));

    assertThat(loaded.getFirst().tags()).containsExactly(ImageReference.parse("example.com/app:v1"));
  }

  /** A docker-archive as skopeo writes it: {@code <hex>.json} config, {@code <hex>.tar} layers. */
  private Map<String, byte[]> legacyArchive(TestImage image, String configPath, String layerPath) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(image.layer().digest().encoded() + ".tar", image.layerTar());
    files.put(image.config().encoded() + ".json", source.read(image.config()));
    files.put("manifest.json", utf8("[{\"Config\":\"" + configPath + "\",\"RepoTags\":[\"busybox:latest\"],\"Layers\":[\"" + layerPath + "\"]}]"));
    return files;
  }

  @Test
  void load_legacyDockerArchive_synthesisesSchema2ManifestKeepingTheImageId() {
    TestImage image = TestImages.busybox(source, false, "one");

    List<LoadedImage> loaded = load(Tars.write(legacyArchive(image, image.config().encoded() + ".json", image.layer().digest().encoded() + ".tar")));

    LoadedImage l = loaded.getFirst();
    assertThat(l.configDigest()).isEqualTo(image.config());
    assertThat(l.tags()).containsExactly(ImageReference.parse("busybox:latest"));
    assertThat(l.manifest().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    Manifest manifest = Json.read(target.read(l.manifest().digest()), Manifest.class);
    assertThat(manifest.config().digest()).isEqualTo(image.config());
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(manifest.layers()).singleElement().satisfies(layer -> {
      assertThat(layer.digest()).isEqualTo(Digest.sha256(image.layerTar()));
      assertThat(layer.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER);
      assertThat(layer.size()).isEqualTo(image.layerTar().length);
    });
    assertThat(target.read(image.config())).isEqualTo(source.read(image.config()));
    assertThat(target.read(manifest.layers().getFirst().digest())).isEqualTo(image.layerTar());
  }

  @Test
  void load_dockerSaveWhoseLayoutManifestListsNoLayers_synthesisesAManifestFromManifestJson() {
    TestImage image = TestImages.busybox(source, false, "one");
    Map<String, byte[]> files = Tars.read(save(image, "busybox:latest"));
    Manifest layersless = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, image.config(), source.read(image.config()).length), List.of());
    byte[] manifestBytes = Json.write(layersless);
    Digest manifestDigest = Digest.sha256(manifestBytes);
    files.put("blobs/sha256/" + manifestDigest.encoded(), manifestBytes);
    files.put("index.json", Json.write(dev.berth.oci.Index.oci(List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifestBytes.length)))));

    LoadedImage l = load(Tars.write(files)).getFirst();

    assertThat(l.configDigest()).isEqualTo(image.config());
    assertThat(l.manifest().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(Json.read(target.read(l.manifest().digest()), Manifest.class).layers())
        .extracting(Descriptor::digest).containsExactly(image.layer().digest());
    assertThat(l.tags()).containsExactly(ImageReference.parse("busybox:latest"));
  }

  @Test
  void load_legacyArchiveWithGzipLayer_checksDiffIdOfUncompressedContent() {
    TestImage image = TestImages.busybox(source, true, "one");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("layer.tar.gz", source.read(image.layer().digest()));
    files.put("config.json", source.read(image.config()));
    files.put("manifest.json", utf8("[{\"Config\":\"config.json\",\"RepoTags\":null,\"Layers\":[\"layer.tar.gz\"]}]"));

    LoadedImage l = load(Tars.write(files)).getFirst();

    Manifest manifest = Json.read(target.read(l.manifest().digest()), Manifest.class);
    assertThat(manifest.layers().getFirst().mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
    assertThat(manifest.layers().getFirst().digest()).isEqualTo(image.layer().digest());
    assertThat(l.tags()).isEmpty();
  }

  @Test
  void load_legacyLayerNamedThroughSymlink_followsTheLinkInsideTheArchive() {
    TestImage image = TestImages.busybox(source, false, "one");
    String hex = image.layer().digest().encoded();
    Tars.Builder tar = new Tars.Builder()
        .file(hex + ".tar", 0644, image.layerTar())
        .file(image.config().encoded() + ".json", 0644, source.read(image.config()))
        .dir("legacy", 0755)
        .symlink("legacy/layer.tar", "../" + hex + ".tar")
        .file("manifest.json", 0644, "[{\"Config\":\"" + image.config().encoded() + ".json\",\"RepoTags\":[],\"Layers\":[\"legacy/layer.tar\"]}]");

    LoadedImage l = load(tar.build()).getFirst();

    assertThat(l.configDigest()).isEqualTo(image.config());
  }

  @Test
  void load_symlinkPointingOutsideTheArchive_isNotFollowed() {
    TestImage image = TestImages.busybox(source, false, "one");
    Tars.Builder tar = new Tars.Builder()
        .file(image.config().encoded() + ".json", 0644, source.read(image.config()))
        .symlink("layer.tar", "../../../../../../etc/passwd")
        .file("manifest.json", 0644, "[{\"Config\":\"" + image.config().encoded() + ".json\",\"RepoTags\":[],\"Layers\":[\"layer.tar\"]}]");

    assertThatThrownBy(() -> load(tar.build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("archive has no file \"layer.tar\"");
    assertThat(target.count()).isZero();
  }

  @Test
  void load_truncatedArchive_throwsInvalidArgumentNamingTheEntry() {
    TestImage image = TestImages.busybox(source, false, "one");
    byte[] archive = save(image, "busybox:latest");
    byte[] truncated = Arrays.copyOf(archive, 2048 + 100);

    assertThatThrownBy(() -> load(truncated))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("blobs/sha256/");
    assertThat(target.count()).isZero();
  }

  @Test
  void load_archiveCutBetweenTwoEntries_throwsTruncatedNamingTheLastEntry() {
    TestImage image = TestImages.busybox(source, false, "one");
    byte[] cut = Arrays.copyOf(save(image, "busybox:latest"), 1024);

    assertThatThrownBy(() -> load(Tars.gzip(cut)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("after entry \"blobs/sha256/\"");
  }

  @Test
  void load_emptyInput_throwsInvalidArgument() {
    assertThatThrownBy(() -> load(new byte[0]))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("load: archive is empty or not a tar");
  }

  @Test
  void load_archiveMissingALayerBlob_throwsNamingTheBlobAndWritesNothing() {
    TestImage image = TestImages.busybox(source, true, "one");
    Map<String, byte[]> files = Tars.read(save(image, "busybox:latest"));
    files.remove("blobs/sha256/" + image.layer().digest().encoded());

    assertThatThrownBy(() -> load(Tars.write(files)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("blobs/sha256/" + image.layer().digest().encoded())
        .hasMessageContaining("busybox:latest");
    assertThat(target.count()).isZero();
  }

  @Test
  void load_ociBlobWithWrongContent_throwsNamingTheBlob() {
    TestImage image = TestImages.busybox(source, true, "one");
    Map<String, byte[]> files = ociArchive(image, Map.of());
    String layer = "blobs/sha256/" + image.layer().digest().encoded();
    byte[] corrupt = files.get(layer).clone();
    corrupt[corrupt.length / 2] ^= 0x55;
    files.put(layer, corrupt);

    assertThatThrownBy(() -> load(Tars.write(files)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(layer)
        .hasMessageContaining("does not match");
    assertThat(target.exists(image.layer().digest())).isFalse();
  }

  @Test
  void load_manifestJsonPathOutsideTheArchive_throwsInvalidArgument() {
    TestImage image = TestImages.busybox(source, false, "one");

    assertThatThrownBy(() -> load(Tars.write(legacyArchive(image, "../../etc/passwd", image.layer().digest().encoded() + ".tar"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("\"../../etc/passwd\"")
        .hasMessageContaining("outside the archive");
  }

  @Test
  void load_tarEntryOutsideTheArchive_throwsInvalidArgument() {
    byte[] tar = new Tars.Builder().file("../evil", 0644, "x").build();

    assertThatThrownBy(() -> load(tar))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("\"../evil\" points outside the archive");
    assertThat(temp.resolve("evil")).doesNotExist();
  }

  @Test
  void load_entryThatIsBothDirectoryAndFile_throwsInvalidArgument() {
    byte[] tar = new Tars.Builder().dir("blobs", 0755).file("blobs", 0644, "x").build();

    assertThatThrownBy(() -> load(tar))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("\"blobs\" is both a file and a directory");
  }

  @Test
  void load_ociIndexListingOneManifestUnderTwoNames_loadsOneImageWithBothTags() {
    TestImage image = TestImages.busybox(source, true, "one");
    Map<String, byte[]> files = ociArchive(image, Map.of());
    files.put("index.json", Json.write(dev.berth.oci.Index.oci(List.of(
        image.manifest().withAnnotations(Map.of("io.containerd.image.name", "docker.io/library/busybox:1")),
        image.manifest().withAnnotations(Map.of("io.containerd.image.name", "registry.example:5000/bb:2"))))));

    List<LoadedImage> loaded = load(Tars.write(files));

    assertThat(loaded).singleElement().extracting(LoadedImage::tags).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly(ImageReference.parse("busybox:1"), ImageReference.parse("registry.example:5000/bb:2"));
  }

  @Test
  void load_legacyConfigNotMatchingItsName_throwsNamingTheFile() {
    TestImage image = TestImages.busybox(source, false, "one");
    Map<String, byte[]> files = legacyArchive(image, image.config().encoded() + ".json", image.layer().digest().encoded() + ".tar");
    files.put(image.config().encoded() + ".json", TestImages.config("amd64", Digest.sha256(image.layerTar()), "tampered"));

    assertThatThrownBy(() -> load(Tars.write(files)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(image.config().encoded() + ".json does not match its digest");
  }

  @Test
  void load_legacyLayerNotMatchingTheConfigDiffId_throws() {
    TestImage image = TestImages.busybox(source, false, "one");
    Map<String, byte[]> files = legacyArchive(image, image.config().encoded() + ".json", "other.tar");
    files.put("other.tar", TestImages.rootfs("other"));

    assertThatThrownBy(() -> load(Tars.write(files)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("layer other.tar of busybox:latest has diff ID")
        .hasMessageContaining(Digest.sha256(image.layerTar()).toString());
    assertThat(target.count()).isZero();
  }

  @Test
  void load_malformedManifestJson_throwsNamingIt() {
    byte[] tar = new Tars.Builder().file("manifest.json", 0644, "[{\"Config\": ").build();

    assertThatThrownBy(() -> load(tar)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("manifest.json");
  }

  @Test
  void load_notAnArchive_throwsInvalidArgument() {
    assertThatThrownBy(() -> load(utf8("this is not a tar at all")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("load:");
  }

  @Test
  void load_ociArchiveWithoutLinuxAmd64_throws() {
    TestImage arm = TestImages.image(source, TestImages.rootfs("arm"), true, "arm64", "arm");
    Descriptor index = TestImages.index(source, List.of(TestImages.withPlatform(arm.manifest(), "arm64")));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", ExportPlan.OCI_LAYOUT);
    files.put("index.json", Json.write(dev.berth.oci.Index.oci(List.of(index))));
    files.put("blobs/sha256/" + index.digest().encoded(), source.read(index.digest()));

    assertThatThrownBy(() -> load(Tars.write(files)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no manifest for linux/amd64");
  }
}
