package io.memefusion.features.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.memefusion.UserException;
import io.memefusion.data.HubClient;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the weights file of a {@link ModelSource.Hub} model through the Hub client (resumable
 * {@code .part} file, retries, token) into a download folder that survives failed runs, and checks
 * its size and SHA-256: the manifest's pinned hash when it has one, else the Hub's own LFS sha256
 * from its API (recorded with the install). A file copied by hand ({@code --file}) gets the same
 * check against the pinned hash.
 */
public final class HubWeights {
  /** A weights file on disk, its SHA-256, and how that hash was checked. */
  record Fetched(Path file, String sha256, String checkedAgainst, Map<String, Path> extras) {
    Fetched(Path file, String sha256, String checkedAgainst) {
      this(file, sha256, checkedAgainst, Map.of());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Hub's listing of the files fetched into a download folder, kept when it is a cache. */
  static final String LISTING = ".listing.json";

  private final HubClient hub;
  private final Path downloads;
  private final boolean remember;

  /**
   * {@code remember}: {@code downloads} is the per-user cache; each folder keeps the Hub's listing
   * (size, SHA-256 or git blob id) of the files fetched into it, so that a later install (from any
   * home) checks the files it finds there against it without asking the Hub: complete and matching,
   * nothing is requested; damaged, the file is downloaded again.
   */
  HubWeights(HubClient hub, Path downloads, boolean remember) {
    this.hub = hub;
    this.downloads = downloads;
    this.remember = remember;
  }

  HubWeights(HubClient hub, Path downloads) {
    this(hub, downloads, false);
  }

  /** Downloads (or finds complete) the weights of {@code id}; fails with one line. */
  Fetched fetch(String id, ModelSource.Hub h, Progress progress) {
    // one download folder per repo, revision and file: the towers of one checkpoint share it
    Path dir = downloads.resolve(downloadKey(h));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Map<String, HubClient.RemoteFile> known = remember ? readListing(dir) : new LinkedHashMap<>();
    HubClient.RemoteFile remote;
    String checkedAgainst;
    if (h.pinned()) {
      remote = new HubClient.RemoteFile(h.file(), h.size(), h.sha256(), null);
      checkedAgainst = "the manifest's pinned sha256";
    } else {
      remote =
          (known.containsKey(h.file())
                  ? List.of(known.get(h.file()))
                  : hub.list(HubClient.RepoType.MODEL, h.repo(), h.revision()))
              .stream()
                  .filter(f -> f.path().equals(h.file()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new UserException(
                              h.repo() + "@" + h.revision() + " has no file " + h.file()));
      if (remote.sha256() == null) {
        throw new UserException(
            h.repo() + "/" + h.file() + ": the Hub lists no sha256 for it; not installed");
      }
      if (h.size() > 0 && remote.size() != h.size()) {
        throw new UserException(
            h.repo()
                + "/"
                + h.file()
                + ": the Hub lists "
                + remote.size()
                + " bytes, the manifest pins "
                + h.size());
      }
      checkedAgainst = "the Hub's LFS sha256 (no hash pinned in the manifest)";
    }
    progress.start("download " + id, remote.size(), "bytes");
    String error =
        hub.downloadFile(HubClient.RepoType.MODEL, h.repo(), h.revision(), remote, dir, progress);
    if (error != null) {
      forgetListing(dir); // it may be what the file disagrees with: the next run asks the Hub
      String reason = "download of " + h.repo() + "/" + h.file() + " failed: " + error;
      throw new DownloadFailed(
          reason
              + "; nothing installed (run again to resume, or `memefusion models install "
              + id
              + " --file PATH`)",
          reason);
    }
    progress.done("");
    known.put(remote.path(), remote);
    Map<String, Path> extras = fetchExtras(h, dir, known, progress);
    if (remember) {
      writeListing(dir, known);
    }
    return new Fetched(dir.resolve(h.file()), remote.sha256(), checkedAgainst, extras);
  }

  private static Map<String, HubClient.RemoteFile> readListing(Path dir) {
    Map<String, HubClient.RemoteFile> known = new LinkedHashMap<>();
    Path file = dir.resolve(LISTING);
    if (Files.isRegularFile(file)) {
      try {
        for (JsonNode f : JSON.readTree(file.toFile())) {
          HubClient.RemoteFile r =
              new HubClient.RemoteFile(
                  f.path("path").asText(),
                  f.path("size").asLong(),
                  f.path("sha256").isTextual() ? f.path("sha256").asText() : null,
                  f.path("git_oid").isTextual() ? f.path("git_oid").asText() : null);
          known.put(r.path(), r);
        }
      } catch (IOException | RuntimeException e) {
        known.clear(); // unreadable: ask the Hub again, and write it anew
      }
    }
    return known;
  }

  private void forgetListing(Path dir) {
    if (remember) {
      try {
        Files.deleteIfExists(dir.resolve(LISTING));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + dir.resolve(LISTING), e);
      }
    }
  }

  private static void writeListing(Path dir, Map<String, HubClient.RemoteFile> known) {
    ArrayNode out = JSON.createArrayNode();
    for (HubClient.RemoteFile r : known.values()) {
      out.addObject()
          .put("path", r.path())
          .put("size", r.size())
          .put("sha256", r.sha256())
          .put("git_oid", r.gitOid());
    }
    Path tmp = dir.resolve(LISTING + ".tmp");
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), out);
      Files.move(
          tmp,
          dir.resolve(LISTING),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(LISTING), e);
    }
  }

  /** The download folder name of a Hub source. */
  static String downloadKey(ModelSource.Hub h) {
    return (h.repo() + "@" + h.revision()).replaceAll("[^A-Za-z0-9._@-]", "--");
  }

  /** Downloads the small extra files, checked against the Hub's listed size and git blob id. */
  private Map<String, Path> fetchExtras(
      ModelSource.Hub h, Path dir, Map<String, HubClient.RemoteFile> known, Progress progress) {
    if (h.extras().isEmpty()) {
      return Map.of();
    }
    List<HubClient.RemoteFile> listed =
        known.keySet().containsAll(h.extras().values())
            ? List.copyOf(known.values())
            : hub.list(HubClient.RepoType.MODEL, h.repo(), h.revision());
    Map<String, Path> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> x : h.extras().entrySet()) {
      HubClient.RemoteFile remote =
          listed.stream()
              .filter(f -> f.path().equals(x.getValue()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UserException(
                          h.repo() + "@" + h.revision() + " has no file " + x.getValue()));
      String error =
          hub.downloadFile(HubClient.RepoType.MODEL, h.repo(), h.revision(), remote, dir, progress);
      if (error != null) {
        throw new UserException(
            "download of " + h.repo() + "/" + x.getValue() + " failed: " + error);
      }
      known.put(remote.path(), remote);
      out.put(x.getKey(), dir.resolve(x.getValue()));
    }
    return out;
  }

  /**
   * Checks a file the user copied by hand against the manifest's pins. A source with extra files
   * takes the folder holding the weights and the extras under their Hub names.
   */
  static Fetched local(Path file, ModelSource.Hub h) {
    if (!h.extras().isEmpty()) {
      if (!Files.isDirectory(file)) {
        throw new UserException(
            "--file "
                + file
                + ": give the folder holding "
                + h.file()
                + ", "
                + String.join(", ", h.extras().values()));
      }
      Map<String, Path> extras = new LinkedHashMap<>();
      for (Map.Entry<String, String> x : h.extras().entrySet()) {
        Path p = file.resolve(x.getValue());
        if (!Files.isRegularFile(p)) {
          throw new UserException("--file " + file + ": no " + x.getValue() + " in the folder");
        }
        extras.put(x.getKey(), p);
      }
      Fetched w =
          local(
              file.resolve(h.file()),
              new ModelSource.Hub(
                  h.repo(), h.revision(), h.file(), h.size(), h.sha256(), h.arch()));
      return new Fetched(w.file(), w.sha256(), w.checkedAgainst(), extras);
    }
    if (!Files.isRegularFile(file)) {
      throw new UserException("no such file: " + file);
    }
    try {
      long size = Files.size(file);
      if (h.size() > 0 && size != h.size()) {
        throw new UserException(
            file + ": " + size + " bytes, " + h.repo() + "/" + h.file() + " has " + h.size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    String sha = sha256(file);
    if (h.pinned() && !sha.equals(h.sha256())) {
      throw new UserException(
          file
              + ": SHA-256 "
              + sha
              + " does not match the pinned "
              + h.sha256()
              + " of "
              + h.repo()
              + "/"
              + h.file());
    }
    return new Fetched(
        file,
        sha,
        h.pinned() ? "the manifest's pinned sha256" : "nothing (no hash pinned; recorded only)");
  }

  static String sha256(Path file) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The weights could not be fetched; {@code reason} says why without the advice. */
  public static final class DownloadFailed extends UserException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    DownloadFailed(String message, String reason) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }
}
