package io.memefusion.features.models;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Where a manifest model comes from. */
public sealed interface ModelSource
    permits ModelSource.Maven,
        ModelSource.Url,
        ModelSource.Builtin,
        ModelSource.Hub,
        ModelSource.Imported {

  /** One line for {@code models list}. */
  String describe();

  /**
   * A jar in a Maven repository holding the SavedModel, directly or as a zip {@code entry} inside
   * it. {@code size} and {@code sha1} (0 / null: not pinned) are checked besides the repository's
   * own {@code .sha1}.
   */
  record Maven(
      String groupId,
      String artifactId,
      String version,
      String repository,
      String entry,
      long size,
      String sha1)
      implements ModelSource {
    public Maven {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(artifactId, "artifactId");
      Objects.requireNonNull(version, "version");
      repository = repository == null ? "https://repo1.maven.org/maven2" : repository;
    }

    /** Parses {@code group:artifact:version}. */
    public static Maven of(
        String coordinate, String repository, String entry, long size, String sha1) {
      String[] parts = coordinate.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "Maven coordinate must be group:artifact:version, got " + coordinate);
      }
      return new Maven(parts[0], parts[1], parts[2], repository, entry, size, sha1);
    }

    /** Path of the jar inside a repository, e.g. {@code com/robrua/.../x-1.0.0.jar}. */
    public String jarPath() {
      return groupId.replace('.', '/')
          + "/"
          + artifactId
          + "/"
          + version
          + "/"
          + artifactId
          + "-"
          + version
          + ".jar";
    }

    public String coordinate() {
      return groupId + ":" + artifactId + ":" + version;
    }

    @Override
    public String describe() {
      return "maven " + coordinate();
    }
  }

  /** An archive ({@code tar.gz} or {@code zip}) at a URL, e.g. TF Hub's compressed download. */
  record Url(String url, String archive, String page) implements ModelSource {
    public Url {
      Objects.requireNonNull(url, "url");
      archive = archive == null ? "tar.gz" : archive;
      if (!archive.equals("tar.gz") && !archive.equals("zip")) {
        throw new IllegalArgumentException("archive must be tar.gz or zip, got " + archive);
      }
    }

    @Override
    public String describe() {
      return page != null ? page : url;
    }
  }

  /** Built on this machine by {@link io.memefusion.features.build.ResNetGraph}, seeded. */
  record Builtin(int depth, int width, int imageSize, long seed) implements ModelSource {
    @Override
    public String describe() {
      return "built locally: ResNet-" + depth + " width " + width + ", seed " + seed;
    }
  }

  /**
   * A weights file in a Hugging Face Hub model repo (e.g. {@code timm/resnet18.tv_in1k}, {@code
   * model.safetensors}) at a pinned {@code revision}, converted on this machine by the {@link
   * io.memefusion.features.convert.Architecture} named {@code arch}. {@code size} (0: not pinned)
   * and {@code sha256} (null: not pinned; the Hub's own LFS sha256 is checked and recorded) are
   * checked before conversion.
   */
  record Hub(
      String repo,
      String revision,
      String file,
      long size,
      String sha256,
      String arch,
      Map<String, String> extras)
      implements ModelSource {
    /** A source of one weights file. */
    public Hub(String repo, String revision, String file, long size, String sha256, String arch) {
      this(repo, revision, file, size, sha256, arch, Map.of());
    }

    public Hub {
      // extras: small files the architecture reads besides the weights, by --NAME (config.json,
      // tokenizer.json), fetched from the same repo and revision and checked against the Hub's
      // listed size and git blob id
      extras =
          extras == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(arch, "arch");
      revision = revision == null || revision.isBlank() ? "main" : revision;
      sha256 = sha256 == null || sha256.isBlank() ? null : sha256.toLowerCase(Locale.ROOT);
      if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 must be 64 hex digits, got " + sha256);
      }
      if (size < 0) {
        throw new IllegalArgumentException("size must not be negative, got " + size);
      }
    }

    public boolean pinned() {
      return sha256 != null;
    }

    @Override
    public String describe() {
      return "hub "
          + repo
          + "@"
          + (revision.length() > 12 ? revision.substring(0, 12) : revision)
          + " "
          + file
          + " → "
          + arch;
    }
  }

  /**
   * A checkpoint the user converted with {@code models import}: the architecture, the file it came
   * from and its SHA-256.
   */
  record Imported(String arch, String file, String sha256) implements ModelSource {
    public Imported {
      Objects.requireNonNull(arch, "arch");
    }

    @Override
    public String describe() {
      return "imported " + arch + " from " + file;
    }
  }
}
