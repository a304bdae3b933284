package io.memefusion.sweep;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a trial: host, process id and process start time (pids are reused), and a name that
 * also tells the worker thread, e.g. {@code gpu-box:4711/2}.
 */
public record WorkerId(String host, long pid, Instant processStart, String name) {
  public WorkerId {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "worker name");
  }

  /** This process, worker thread {@code index}. */
  public static WorkerId current(int index) {
    ProcessHandle self = ProcessHandle.current();
    String host = hostName();
    return new WorkerId(
        host,
        self.pid(),
        self.info().startInstant().orElse(null),
        host + ":" + self.pid() + "/" + index);
  }

  /** Another worker thread of the same process. */
  public WorkerId thread(int index) {
    return new WorkerId(host, pid, processStart, host + ":" + pid + "/" + index);
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * Whether the process that holds a trial still runs on this host. A live pid with another start
   * time is a different process that reused the pid.
   */
  static boolean alive(long pid, Instant started) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(
            p ->
                started == null
                    || p.info()
                        .startInstant()
                        .map(s -> Duration.between(s, started).abs().toMillis() < 1000)
                        .orElse(true))
        .orElse(false);
  }
}
