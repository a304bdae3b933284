package io.memefusion.archfixture.layered.data;

import io.memefusion.archfixture.layered.sweep.Sweep;

/** Breaks the layer rule on purpose: data reaching up into sweep ({@code LayersTest}). */
public final class UsesSweep {
  private UsesSweep() {}

  public static String name() {
    return Sweep.NAME + "!";
  }
}
