package io.memefusion.features.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.data.HubClient;
import io.memefusion.features.build.ResNetGraph;
import io.memefusion.features.convert.Architecture;
import io.memefusion.features.convert.Converted;
import io.memefusion.features.convert.ImportFiles;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Installs manifest models into {@code <home>/models/<id>}: downloads ({@link ArchiveSources}; or
 * reuses a jar already in the local Maven repository), checks integrity (the repository's {@code
 * .sha1}, the size and SHA-1 pinned in the manifest, each zip entry's CRC-32), unpacks into a
 * staging folder and moves it into place, so an interrupted install leaves no half model behind.
 * Builtin models are built. Hub models are weights files fetched through {@link HubClient}
 * (resumable, checked against the pinned or the Hub's SHA-256) and converted by their {@link
 * Architecture}; {@link #importModel} converts a checkpoint the user brings.
 */
public final class ModelInstaller {
  /** Written next to an installed model: its manifest entry plus install facts. */
  public static final String METADATA = "memefusion-model.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path modelsDir;
  private final Path hubCache;
  private final HubClient.Config hub;
  private final Architectures architectures;
  private final ArchiveSources archives;

  /** {@code localMavenRepo} (e.g. ~/.m2/repository) may be null; the public Hub, no token. */
  public ModelInstaller(Path modelsDir, Path localMavenRepo) {
    this(
        modelsDir,
        localMavenRepo,
        HubClient.Config.defaults(URI.create("https://huggingface.co"), null, 1),
        Architectures.standard());
  }

  /** {@code hub}: where Hub models come from (endpoint, token, retries); no per-user cache. */
  public ModelInstaller(
      Path modelsDir, Path localMavenRepo, HubClient.Config hub, Architectures architectures) {
    this(modelsDir, localMavenRepo, null, hub, architectures);
  }

  /**
   * {@code modelCache} (e.g. ~/.cache/memefusion/models, may be null) keeps downloaded Hub weights
   * for every home of this user, checked by hash each time they are used: a second home downloads
   * nothing. Without it, downloads go to {@code <models>/.downloads} and are deleted once
   * converted.
   */
  public ModelInstaller(
      Path modelsDir,
      Path localMavenRepo,
      Path modelCache,
      HubClient.Config hub,
      Architectures architectures) {
    this.modelsDir = modelsDir.toAbsolutePath().normalize();
    this.hubCache = modelCache == null ? null : modelCache.toAbsolutePath().normalize();
    this.hub = hub;
    this.architectures = architectures;
    this.archives = new ArchiveSources(localMavenRepo);
  }

  public Path dir(ModelEntry e) {
    return modelsDir.resolve(e.id());
  }

  public boolean installed(ModelEntry e) {
    return installed(e.id());
  }

  /** A model folder {@code <models>/<id>} with a SavedModel (manifest or imported). */
  public boolean installed(String id) {
    return Files.isRegularFile(modelsDir.resolve(id).resolve("saved_model.pb"));
  }

  public Architectures architectures() {
    return architectures;
  }

  /**
   * The entry an imported (or any harness-installed) model folder carries, if {@code id} names one;
   * {@link #METADATA} written at install.
   */
  public java.util.Optional<ModelEntry> installedEntry(String id) {
    Path meta = modelsDir.resolve(id).resolve(METADATA);
    if (!id.matches("[a-z0-9][a-z0-9._-]*") || !Files.isRegularFile(meta) || !installed(id)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(ModelManifest.entry(JSON.readTree(meta.toFile())));
    } catch (IOException | IllegalArgumentException ex) {
      throw new UserException("cannot read " + meta + ": " + ex.getMessage(), ex);
    }
  }

  /**
   * Installs {@code e} (again when {@code force}); {@code repositoryUrl} overrides a Maven source's
   * repository. Returns the model folder.
   */
  public Path install(ModelEntry e, String repositoryUrl, boolean force, Progress progress) {
    Path target = dir(e);
    if (installed(e) && !force) {
      return target;
    }
    return staged(
        e.id(),
        staging -> {
          Map<String, String> facts = new LinkedHashMap<>();
          facts.put("from", unpack(e, repositoryUrl, staging, progress, facts));
          return new Staged(e.json(), facts);
        });
  }

  /**
   * Installs Hub model {@code e} from a weights file the user copied by hand (offline machines):
   * the same size and SHA-256 checks as a download, then the same conversion.
   */
  public Path installFromFile(ModelEntry e, Path file, boolean force, Progress progress) {
    if (!(e.source() instanceof ModelSource.Hub h)) {
      throw new UserException(
          e.id() + " is not installed from a weights file (" + e.source().describe() + ")");
    }
    if (installed(e) && !force) {
      return dir(e);
    }
    HubWeights.Fetched w = HubWeights.local(file.toAbsolutePath().normalize(), h);
    return staged(
        e.id(),
        staging -> {
          Map<String, String> facts = new LinkedHashMap<>();
          facts.put("from", w.file().toString());
          convertHub(e, h, w, staging, progress, facts);
          return new Staged(e.json(), facts);
        });
  }

  /**
   * Converts a checkpoint the user brings ({@code models import}) into {@code <models>/<id>},
   * recorded with weights "imported". An id of the manifest cannot be reused.
   */
  public Path importModel(
      String id, Architecture arch, ImportFiles files, boolean force, Progress progress) {
    if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new UserException("--id must be lower-case [a-z0-9._-], got '" + id + "'");
    }
    if (ModelManifest.builtin().find(id).isPresent()) {
      throw new UserException(
          "--id " + id + " is a model of the manifest; choose another name for an import");
    }
    if (installed(id) && !force) {
      throw new UserException(
          "a model " + id + " is already installed in " + modelsDir.resolve(id) + " (--force)");
    }
    Path weights = files.weights().toAbsolutePath().normalize();
    if (!Files.isRegularFile(weights)) {
      throw new UserException("no such weights file: " + files.weights());
    }
    String sha = HubWeights.sha256(weights);
    return staged(
        id,
        staging -> {
          Path out = Files.createDirectories(staging.resolve("model"));
          Converted c = arch.convert(files, out, progress);
          ObjectNode meta = JSON.createObjectNode();
          meta.put("id", id)
              .put("modality", c.modality().dbName())
              .put("description", c.description() + ", imported from " + weights.getFileName());
          meta.putObject("source")
              .put("type", "import")
              .put("arch", arch.name())
              .put("file", weights.toString())
              .put("sha256", sha);
          ObjectNode sig = meta.putObject("signature");
          c.inputs().forEach(sig.putObject("inputs")::put);
          c.outputs().forEach(sig.putObject("outputs")::put);
          meta.put("output_dim", c.outputDim());
          meta.set("preprocessing", c.preprocessing());
          meta.put("weights", "imported")
              .put("license", "as the imported checkpoint's")
              .put(
                  "note",
                  "imported weights ("
                      + arch.name()
                      + " from "
                      + weights.getFileName()
                      + ", sha256 "
                      + sha.substring(0, 12)
                      + "): not the published pretrained release");
          Map<String, String> facts = new LinkedHashMap<>();
          facts.put("from", weights.toString());
          facts.put("sha256", sha);
          return new Staged(meta, facts);
        });
  }

  /** What a staged install writes next to the model: the entry JSON and install facts. */
  private record Staged(com.fasterxml.jackson.databind.JsonNode entry, Map<String, String> facts) {}

  private interface Stage {
    Staged fill(Path staging) throws IOException;
  }

  /**
   * Fills a staging folder, writes the metadata, then moves the SavedModel into {@code
   * <models>/<id>}: any failure leaves no half-installed model (the staging folder is removed).
   */
  private Path staged(String id, Stage stage) {
    Path target = modelsDir.resolve(id);
    Path staging = null;
    try {
      Files.createDirectories(modelsDir);
      staging = Files.createTempDirectory(modelsDir, "." + id + ".staging-");
      Staged s = stage.fill(staging);
      Path root = Archives.savedModelRoot(staging);
      writeMetadata(id, s.entry(), root, s.facts());
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot install " + id + " into " + target, ex);
    } finally {
      if (staging != null) {
        deleteTree(staging);
      }
    }
  }

  private void convertHub(
      ModelEntry e,
      ModelSource.Hub h,
      HubWeights.Fetched w,
      Path staging,
      Progress progress,
      Map<String, String> facts)
      throws IOException {
    Path out = Files.createDirectories(staging.resolve("model"));
    architectures.get(h.arch()).convert(new ImportFiles(w.file(), w.extras()), out, progress);
    facts.put("repo", h.repo());
    facts.put("revision", h.revision());
    facts.put("file", h.file());
    facts.put("sha256", w.sha256());
    facts.put("sha256_checked_against", w.checkedAgainst());
  }

  private String unpack(
      ModelEntry e,
      String repositoryUrl,
      Path staging,
      Progress progress,
      Map<String, String> facts)
      throws IOException {
    ModelSource s = e.source();
    if (s instanceof ModelSource.Hub h) {
      HubWeights.Fetched w =
          new HubWeights(
                  new HubClient(hub),
                  hubCache != null ? hubCache.resolve("hub") : modelsDir.resolve(".downloads"),
                  hubCache != null)
              .fetch(e.id(), h, progress);
      convertHub(e, h, w, staging, progress, facts);
      // converted: the SavedModel holds the weights now, unless the per-user cache keeps them or
      // another manifest model (the other tower of a CLIP) still needs the same download
      if (hubCache == null
          && ModelManifest.builtin().entries().stream()
              .noneMatch(
                  o ->
                      !o.id().equals(e.id())
                          && o.source() instanceof ModelSource.Hub oh
                          && HubWeights.downloadKey(oh).equals(HubWeights.downloadKey(h))
                          && oh.file().equals(h.file())
                          && !installed(o))) {
        Files.deleteIfExists(w.file());
      }
      return hub.endpoint() + "/" + h.repo() + "/resolve/" + h.revision() + "/" + h.file();
    }
    if (s instanceof ModelSource.Imported i) {
      throw new UserException(
          e.id() + " was imported from " + i.file() + ": run `memefusion models import` again");
    }
    if (s instanceof ModelSource.Builtin b) {
      progress.start("build " + e.id(), 0, "");
      ResNetGraph.export(
          new ResNetGraph.Config(b.depth(), b.width(), b.imageSize(), b.seed()), staging);
      progress.done("");
      return "built by ResNetGraph";
    }
    if (s instanceof ModelSource.Maven m) {
      return archives.maven(e, m, repositoryUrl, staging, progress);
    }
    return archives.url(e, (ModelSource.Url) s, staging, progress);
  }

  private static void writeMetadata(
      String id, com.fasterxml.jackson.databind.JsonNode entry, Path dir, Map<String, String> facts)
      throws IOException {
    ObjectNode meta =
        entry != null && entry.isObject()
            ? ((ObjectNode) entry).deepCopy()
            : JSON.createObjectNode().put("id", id);
    ObjectNode installed = meta.putObject("installed");
    facts.forEach(installed::put);
    installed.put("at", Instant.now().toString());
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(METADATA).toFile(), meta);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
