package io.memefusion.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests the dashboard must not answer: a {@code Host} it does not serve (a page of
 * another site whose DNS name was rebound to this machine's address would otherwise read every
 * sweep), and any method but GET and HEAD (the dashboard only reads).
 */
final class RequestGuard {
  private final Set<String> names;

  /** The host names served when listening on {@code bindHost}. */
  RequestGuard(String bindHost) {
    Set<String> n = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
    n.add(literal(bindHost));
    if (wildcard(bindHost)) {
      // listening on every interface: this machine's own addresses and name, never another's
      addLocalAddresses(n);
    }
    this.names = Set.copyOf(n);
  }

  /** Throws {@link Refused} unless the request may be answered on {@code port}. */
  void check(Context ctx, int port) {
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ctx.header("Allow", "GET, HEAD");
      throw new Refused(HttpStatus.METHOD_NOT_ALLOWED, "the dashboard only reads: GET or HEAD");
    }
    String host = ctx.header("Host");
    if (host == null || host.isBlank()) {
      throw new Refused(HttpStatus.BAD_REQUEST, "a request needs a Host header");
    }
    if (!served(host.strip().toLowerCase(Locale.ROOT), port)) {
      throw new Refused(HttpStatus.FORBIDDEN, "host not served by this dashboard");
    }
  }

  boolean served(String host, int port) {
    int colon = host.lastIndexOf(':');
    boolean hasPort = colon >= 0 && colon > host.lastIndexOf(']');
    String name = hasPort ? host.substring(0, colon) : host;
    if (hasPort) {
      if (!host.substring(colon + 1).equals(String.valueOf(port))) {
        return false;
      }
    } else if (port != 80) {
      return false; // browsers leave the port out only for 80
    }
    return names.contains(name);
  }

  private static boolean wildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** IPv6 addresses appear in brackets in a Host header. */
  private static String literal(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
  }

  private static void addLocalAddresses(Set<String> n) {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          String text = a.getHostAddress();
          int zone = text.indexOf('%');
          n.add(
              a instanceof Inet6Address
                  ? "[" + (zone >= 0 ? text.substring(0, zone) : text) + "]"
                  : text);
        }
      }
      InetAddress self = InetAddress.getLocalHost();
      n.add(self.getHostName().toLowerCase(Locale.ROOT));
      n.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
    } catch (SocketException | UnknownHostException e) {
      // serve the loopback names only
    }
  }

  /** A request answered with {@code status} and a one-line page, before any route runs. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient HttpStatus status;

    Refused(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }
  }
}
