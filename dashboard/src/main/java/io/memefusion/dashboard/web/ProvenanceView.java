package io.memefusion.dashboard.web;

import io.memefusion.sweep.SweepContext;
import io.memefusion.sweep.SweepHost;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a sweep ran, for the sweep page: the machine, the TensorFlow build, the heads' arithmetic
 * and threads, and the memefusion build, read from the sweep's typed context. Empty {@code facts}
 * with a {@code note} for a sweep that did not record it.
 */
public record ProvenanceView(List<Fact> facts, String note) {
  static final String NOT_RECORDED =
      "not recorded (the sweep was created before memefusion recorded it)";

  public ProvenanceView {
    facts = List.copyOf(facts);
  }

  /** One labeled value, e.g. "TensorFlow" → "2.18.0 (cpu build)". */
  public record Fact(String label, String value) {}

  public boolean recorded() {
    return !facts.isEmpty();
  }

  /** The provenance of {@code context}; "not recorded" when it is null or has no host. */
  public static ProvenanceView of(SweepContext context) {
    SweepHost host = context == null ? null : context.host();
    if (host == null) {
      return new ProvenanceView(List.of(), NOT_RECORDED);
    }
    List<Fact> facts = new ArrayList<>();
    facts.add(new Fact("CPU", host.cpu() + " (" + host.cores() + " cores)"));
    if (host.gpu() != null) {
      facts.add(new Fact("GPU", host.gpu()));
    }
    facts.add(new Fact("TensorFlow", host.tensorflow() + " (" + host.nativeBuild() + " build)"));
    facts.add(new Fact("Precision", host.precision()));
    facts.add(new Fact("Threads", host.threads() + " per training session"));
    facts.add(new Fact("memefusion", host.memefusion()));
    return new ProvenanceView(facts, null);
  }
}
