package io.memefusion.heads;

/** An input of a head: frozen BERT text features or ResNet image features. */
enum Modality {
  TEXT,
  IMAGE
}
