package io.memefusion.features.extraction;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memefusion.UserException;
import io.memefusion.features.ImageEncoder;
import io.memefusion.features.Modality;
import io.memefusion.features.TextEncoder;
import io.memefusion.features.WeightsKind;
import io.memefusion.features.models.ModelEntry;
import io.memefusion.features.models.ModelHasher;
import io.memefusion.features.models.ModelInstaller;
import io.memefusion.features.models.ModelManifest;
import io.memefusion.features.models.ModelSource;
import io.memefusion.features.tf.ClipTextEncoder;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.SavedModelImageEncoder;
import io.memefusion.features.tf.SavedModelTextEncoder;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds encoders by manifest id ({@code bert-base-uncased}), imported model id ({@code models
 * import --id NAME}, found in the models folder) or SavedModel folder. An id must be installed
 * ({@code memefusion models install ID}), except builtin random-weight models, which are built on
 * first use. A folder installed by the harness carries its manifest entry; any other folder is
 * taken as it is, its inputs and outputs read from its signature.
 */
public final class EncoderRegistry {
  private final ModelManifest manifest;
  private final ModelInstaller installer;
  private final ModelHasher hasher;
  private final EncoderOptions options;

  public EncoderRegistry(
      ModelManifest manifest,
      ModelInstaller installer,
      ModelHasher hasher,
      EncoderOptions options) {
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.installer = Objects.requireNonNull(installer, "installer");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A model found by id or folder, with its manifest entry when it has one. */
  public record Resolved(String id, Path dir, ModelEntry entry) {}

  public List<ModelEntry> entries() {
    return manifest.entries();
  }

  public boolean installed(ModelEntry e) {
    return installer.installed(e);
  }

  public TextEncoder text(String idOrDir, Progress progress) {
    Resolved r = resolve(idOrDir, Modality.TEXT, progress);
    ModelEntry e = r.entry();
    if (ClipTextEncoder.isClipText(r.dir())) {
      return ClipTextEncoder.open(
          r.id(),
          r.dir(),
          hasher.hash(r.dir(), progress),
          e == null || e.pretrained(),
          e == null ? "" : e.note(),
          options);
    }
    return SavedModelTextEncoder.open(
        r.id(),
        r.dir(),
        hasher.hash(r.dir(), progress),
        e == null || e.pretrained(),
        e == null ? "" : e.note(),
        e == null ? null : e.lowerCase(),
        options);
  }

  public ImageEncoder image(String idOrDir, Progress progress) {
    Resolved r = resolve(idOrDir, Modality.IMAGE, progress);
    ModelEntry e = r.entry();
    return SavedModelImageEncoder.open(
        r.id(),
        r.dir(),
        hasher.hash(r.dir(), progress),
        e == null ? WeightsKind.PRETRAINED : e.weights(),
        e == null ? "" : e.note(),
        e == null ? null : e.imagePreprocessing(),
        options);
  }

  /** The model folder for an id or a folder path; builds builtin models that are missing. */
  public Resolved resolve(String idOrDir, Modality modality, Progress progress) {
    Path dir = asDir(idOrDir);
    if (dir != null) {
      ModelEntry e = installedEntry(dir);
      String id = e != null ? e.id() : folderId(dir);
      check(e, modality, idOrDir);
      return new Resolved(id, dir, e);
    }
    java.util.Optional<ModelEntry> imported =
        manifest.find(idOrDir).isPresent()
            ? java.util.Optional.empty()
            : installer.installedEntry(idOrDir);
    if (imported.isPresent()) {
      check(imported.get(), modality, idOrDir);
      return new Resolved(idOrDir, installer.dir(imported.get()), imported.get());
    }
    ModelEntry e =
        manifest
            .find(idOrDir)
            .orElseThrow(
                () ->
                    new UserException(
                        "unknown model '"
                            + idOrDir
                            + "': neither a model id (see `memefusion models list`), an imported"
                            + " model, nor a SavedModel folder"));
    check(e, modality, idOrDir);
    if (!installer.installed(e)) {
      if (!(e.source() instanceof ModelSource.Builtin)) {
        throw new UserException(
            "model "
                + e.id()
                + " is not installed: run `memefusion models install "
                + e.id()
                + "` ("
                + e.source().describe()
                + ")");
      }
      installer.install(e, null, false, progress);
    }
    return new Resolved(e.id(), installer.dir(e), e);
  }

  private static void check(ModelEntry e, Modality modality, String what) {
    if (e != null && e.modality() != modality) {
      throw new UserException(
          what
              + " is a "
              + e.modality().dbName()
              + " model, not a "
              + modality.dbName()
              + " model");
    }
  }

  private static Path asDir(String s) {
    try {
      Path p = Path.of(s);
      if (Files.isDirectory(p)) {
        if (!Files.isRegularFile(p.resolve("saved_model.pb"))) {
          throw new UserException(p + " is a folder but not a SavedModel (no saved_model.pb)");
        }
        return p.toAbsolutePath().normalize();
      }
      if (s.contains("/") || s.contains(java.io.File.separator)) {
        throw new UserException("no such SavedModel folder: " + s);
      }
      return null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** The manifest entry an installed folder carries, if any. */
  private static ModelEntry installedEntry(Path dir) {
    Path meta = dir.resolve(ModelInstaller.METADATA);
    if (!Files.isRegularFile(meta)) {
      return null;
    }
    try {
      return ModelManifest.entry(new ObjectMapper().readTree(meta.toFile()));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException("cannot read " + meta + ": " + e.getMessage(), e);
    }
  }

  private static String folderId(Path dir) {
    String name = dir.getFileName() == null ? "model" : dir.getFileName().toString();
    return "dir-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
  }
}
