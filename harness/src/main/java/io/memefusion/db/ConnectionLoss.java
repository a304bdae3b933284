package io.memefusion.db;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Recognises, in an exception's causes, a database that went away or stopped answering. */
public final class ConnectionLoss {
  private ConnectionLoss() {}

  /** True when {@code e} or one of its causes says the database cannot be reached. */
  public static boolean in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof ConnectException
          || t instanceof SocketTimeoutException) {
        return true;
      }
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        String message = String.valueOf(t.getMessage());
        // 08: connection exception; 57P01-03: the server is shutting down or starting up
        if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
          return true;
        }
        if (message.endsWith("has been closed.")) {
          return true; // the pool, closed under a running request
        }
      }
    }
    return false;
  }
}
