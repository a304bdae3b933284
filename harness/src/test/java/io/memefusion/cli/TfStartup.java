package io.memefusion.cli;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * A program for {@code QuietStartupTest}: runs one TF session (TF's native runtime then writes its
 * absl start-up lines) between lines of its own on stderr, and exits with 3.
 */
public final class TfStartup {
  private TfStartup() {}

  public static void main(String[] args) {
    System.err.print("progress 1/2\r"); // a progress bar's partial line
    System.err.flush();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      s.runner().fetch(tf.math.add(tf.constant(1f), tf.constant(2f))).run().close();
    }
    System.err.println("progress 2/2");
    System.err.println("E0000 00:00:1796194131.503253   16400 tf.cc:1] an absl error stays");
    System.err.print("error: the last line, without a newline");
    System.exit(3);
  }
}
