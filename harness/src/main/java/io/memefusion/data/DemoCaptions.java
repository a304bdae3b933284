package io.memefusion.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Caption vocabulary of the demo dataset: meme-like templates shared by all concepts, filled with
 * words that belong to one concept only. A text encoder therefore finds the concept in the fillers,
 * not in the template. All words are harmless on purpose: the labels are synthetic.
 */
final class DemoCaptions {
  private static final String[] TEMPLATES = {
    "when the %1$s %3$s",
    "nobody: absolutely nobody: the %2$s %1$s",
    "i love my %2$s %1$s",
    "this is what a %2$s %1$s looks like",
    "my %1$s when i get home",
    "if you don't like the %2$s %1$s you can leave",
    "they said the %1$s %3$s",
    "me explaining the %2$s %1$s to my mom",
    "look at this %2$s %1$s",
    "every time the %1$s %3$s i lose it",
    "the %1$s is %2$s and that's a fact",
    "name a more %2$s %1$s. i'll wait",
  };

  /** Per text concept: nouns, adjectives, verb phrases. Index = concept (see DemoDataset). */
  private static final String[][][] WORDS = {
    { // 0: cats
      {"cat", "kitten", "tabby", "tomcat"},
      {"fluffy", "purring", "whiskered"},
      {"knocks the glass over", "naps in the sun", "ignores me"}
    },
    { // 1: rain
      {"umbrella", "raincoat", "puddle", "storm cloud"},
      {"soggy", "drizzly", "dripping"},
      {"floods the street", "drips everywhere", "ruins the picnic"}
    },
    { // 2: pizza
      {"pizza", "pepperoni slice", "calzone", "crust"},
      {"cheesy", "greasy", "oven hot"},
      {"arrives cold", "gets delivered", "loses its toppings"}
    },
    { // 3: trains
      {"train", "locomotive", "subway car", "caboose"},
      {"late", "crowded", "rattling"},
      {"leaves without me", "stops in the tunnel", "blows its horn"}
    },
    { // 4: goblins
      {"goblin", "swamp goblin", "troll", "ogre"},
      {"slimy", "sneaky", "warty"},
      {"steals the gold", "hides under the bridge", "smells like the swamp"}
    },
    { // 5: zombies
      {"zombie", "ghoul", "mummy", "vampire"},
      {"rotten", "undead", "pale"},
      {"eats the brains", "rises at midnight", "shambles around"}
    },
    { // 6: gardens
      {"tomato plant", "garden", "sunflower", "watering can"},
      {"sunny", "blooming", "leafy"},
      {"grows overnight", "needs water", "attracts the bees"}
    },
    { // 7: music
      {"guitar", "drummer", "piano", "playlist"},
      {"loud", "jazzy", "catchy"},
      {"plays all night", "hits the high note", "skips a beat"}
    },
  };

  static final int CONCEPTS = WORDS.length;

  private DemoCaptions() {}

  /** {@code size} distinct captions of one concept, drawn with {@code random}. */
  static List<String> pool(int concept, int size, Random random) {
    String[][] words = WORDS[concept];
    Set<String> captions = new LinkedHashSet<>();
    int tries = 0;
    while (captions.size() < size && tries++ < size * 50) {
      String template = TEMPLATES[random.nextInt(TEMPLATES.length)];
      String noun = words[0][random.nextInt(words[0].length)];
      String adjective = words[1][random.nextInt(words[1].length)];
      String verb = words[2][random.nextInt(words[2].length)];
      captions.add(String.format(java.util.Locale.ROOT, template, noun, adjective, verb));
    }
    return new ArrayList<>(captions);
  }
}
