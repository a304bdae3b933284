package io.memefusion.features.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.UserException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Expected ids worked out by hand from BERT's uncased rules and the small vocabulary below. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BertTokenizerTest {
  // id = position in this list
  static final List<String> VOCAB =
      List.of(
          "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", // 0-4
          "the", "cafe", "naive", "un", "##aff", // 5-9
          "##able", ",", "!", ".", "?", // 10-14
          "hello", "world", "東", "京", "is", // 15-19
          "big", "don", "'", "t", "##s", // 20-24
          "meme", "a"); // 25-26

  static BertTokenizer tok;

  @BeforeAll
  static void create() {
    tok = BertTokenizer.create(VOCAB, null, 128);
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  @Test
  void lowerCasesAndSplitsPunctuationRuns() {
    assertThat(tok.lowerCase()).isTrue();
    assertThat(tok.encode("Hello, WORLD!!!")).containsExactly(2, 15, 11, 16, 12, 12, 12, 3);
    assertThat(tok.encode("don't...?!")).containsExactly(2, 21, 22, 23, 13, 13, 13, 14, 12, 3);
  }

  @Test
  void stripsAccents() {
    assertThat(tok.encode("Naïve CAFÉ")).containsExactly(2, 7, 6, 3);
  }

  @Test
  void wordPiecesAndUnknownWords() {
    assertThat(tok.encode("unaffable")).containsExactly(2, 8, 9, 10, 3);
    assertThat(tok.encode("memes")).containsExactly(2, 25, 24, 3);
    // "un" matches but "##xyz" does not: the whole word is [UNK], not "un [UNK]"
    assertThat(tok.encode("unxyz")).containsExactly(2, 1, 3);
  }

  @Test
  void emojiAreUnknownWordsNotPunctuation() {
    // "i" is not in the vocab; ❤️ (symbol + variation selector) is one unknown word; the two
    // adjacent 😂 are one whitespace-delimited word, so one [UNK]
    assertThat(tok.encode("I ❤️ memes 😂😂")).containsExactly(2, 1, 1, 25, 24, 1, 3);
  }

  @Test
  void cjkCharactersAreSplitOut() {
    assertThat(tok.encode("東京 is big")).containsExactly(2, 17, 18, 19, 20, 3);
    assertThat(tok.encode("東京is")).containsExactly(2, 17, 18, 19, 3);
  }

  @Test
  void whitespaceAndInvisibleCharacters() {
    assertThat(tok.encode("hello\tworld\n")).containsExactly(2, 15, 16, 3);
    // zero-width space (format char) and NUL are dropped by BERT's text cleaning
    assertThat(tok.encode("hel\u200blo wor\u0000ld")).containsExactly(2, 15, 16, 3);
  }

  @Test
  void emptyTextIsClsSep() {
    assertThat(tok.encode("")).containsExactly(2, 3);
    assertThat(tok.encode("   ")).containsExactly(2, 3);
  }

  @Test
  void longTextTruncatedTo128WithSep() {
    int[] ids = tok.encode("a ".repeat(300));
    assertThat(ids).hasSize(128);
    assertThat(ids[0]).isEqualTo(2);
    assertThat(ids[127]).isEqualTo(3);
    for (int i = 1; i < 127; i++) {
      assertThat(ids[i]).isEqualTo(26);
    }
  }

  @Test
  void batchEncodingKeepsOrder() {
    List<int[]> ids = tok.encodeAll(List.of("the meme", "", "hello world!"));
    assertThat(ids.get(0)).containsExactly(2, 5, 25, 3);
    assertThat(ids.get(1)).containsExactly(2, 3);
    assertThat(ids.get(2)).containsExactly(2, 15, 16, 12, 3);
  }

  @Test
  void casedVocabularyKeepsCase() {
    List<String> cased = new java.util.ArrayList<>(VOCAB);
    cased.add("Hello");
    try (BertTokenizer t = BertTokenizer.create(cased, null, 128)) {
      assertThat(t.lowerCase()).isFalse();
      assertThat(t.encode("Hello hello")).containsExactly(2, 27, 15, 3);
    }
  }

  @Test
  void vocabularyWithoutSpecialsIsRejected() {
    assertThatThrownBy(() -> BertTokenizer.create(List.of("a", "b"), true, 128))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("[UNK]");
  }
}
