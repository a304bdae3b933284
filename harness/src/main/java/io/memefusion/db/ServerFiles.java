package io.memefusion.db;

import io.memefusion.UserException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files next to an embedded server's data folder: its password (owner-only, random, created on
 * first use), its lock file (byte 0: starting or stopping; byte 1: shared by its users) and
 * PostgreSQL's own {@code postmaster.pid}.
 */
final class ServerFiles {
  private ServerFiles() {}

  /** The running postmaster of {@code dataDir}, from its {@code postmaster.pid}. */
  record Postmaster(ProcessHandle process, int port) {}

  static Optional<Postmaster> postmaster(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true))
          .map(p -> new Postmaster(p, port));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // a half-written or foreign pid file
    }
  }

  /** The home's password, created (owner-only, random) on first use. */
  static String password(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      createOwnerOnly(tmp);
      Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
    ownerOnly(file);
    String password = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (password.isEmpty() || !password.matches("[A-Za-z0-9_-]+")) {
      throw new UserException(
          file + " does not hold a memefusion database password (letters, digits, - and _)");
    }
    return password;
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
      if (!owner.containsAll(perms)) {
        Files.setPosixFilePermissions(file, owner);
      }
    } catch (UnsupportedOperationException notPosix) {
      // no POSIX permissions on this file system
    }
  }

  static Path passwordFile(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".password");
  }

  static Path lockFile(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".lock");
  }

  static FileChannel openLockFile(Path dataDir) throws IOException {
    return FileChannel.open(
        lockFile(dataDir),
        StandardOpenOption.CREATE,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  /** Waits for byte 0 of the lock file: another process may be starting or stopping the server. */
  static FileLock startLock(FileChannel channel, Path dataDir) throws IOException {
    long deadline = System.nanoTime() + EmbeddedServer.START_WAIT.toNanos();
    while (true) {
      FileLock lock = channel.tryLock(0, 1, false);
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() > deadline) {
        throw new UserException(
            "another memefusion process has been starting or stopping the embedded PostgreSQL in "
                + dataDir
                + " for "
                + EmbeddedServer.START_WAIT.toMinutes()
                + " minutes; is it stuck?");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + lockFile(dataDir), e);
      }
    }
  }

  static FileLock tryExclusiveUsers(FileChannel channel) throws IOException {
    try {
      return channel.tryLock(1, 1, false);
    } catch (OverlappingFileLockException heldInThisJvm) {
      return null;
    }
  }
}
