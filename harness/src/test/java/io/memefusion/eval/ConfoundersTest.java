package io.memefusion.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.memefusion.data.Meme;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConfoundersTest {

  @Test
  void findsTextAndImageConfoundersOnAHandBuiltSplit() {
    List<Meme> memes =
        List.of(
            // same caption, different images and labels: a text confounder
            new Meme("1", "img/1.png", 1, "look how many people love you"),
            new Meme("2", "img/2.png", 0, "Look how many  people love you "),
            // same caption, same label: not a confounder
            new Meme("3", "img/3.png", 0, "good morning"),
            new Meme("4", "img/4.png", 0, "good morning"),
            // same image (hash h5) with different captions and labels: an image confounder
            new Meme("5", "img/5.png", 1, "you smell like this"),
            new Meme("6", "img/6.png", 0, "roses smell like this"),
            // unlabeled memes never count
            new Meme("7", "img/7.png", null, "good morning"));
    Map<String, String> hashes = Map.of("5", "h5", "6", "h5", "1", "h1", "2", "h2");

    List<Confounders.Group> groups = Confounders.find(memes, hashes);

    assertThat(groups)
        .containsExactly(
            new Confounders.Group(
                Confounders.Kind.TEXT, "look how many people love you", List.of("1", "2"), 1, 1),
            new Confounders.Group(Confounders.Kind.IMAGE, "h5", List.of("5", "6"), 1, 1));
  }
}
