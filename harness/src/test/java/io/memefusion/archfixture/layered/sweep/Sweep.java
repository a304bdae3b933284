package io.memefusion.archfixture.layered.sweep;

/** The upper layer of {@code LayersTest}'s broken fixture. */
public final class Sweep {
  public static final String NAME = String.valueOf("sweep");

  private Sweep() {}
}
