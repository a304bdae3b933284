package io.memefusion.features.tf;

import io.memefusion.UserException;

/**
 * The inputs and the sequence output of a BERT serving signature: TF Hub TF2 names {@code
 * input_word_ids/input_mask/input_type_ids} or TF1 names {@code input_ids/input_mask/segment_ids};
 * {@code sequence_output} [B, T, H]. {@code types} is null when the model takes no segment ids.
 */
record BertSignature(TensorSpec ids, TensorSpec mask, TensorSpec types, TensorSpec sequence) {

  /** Finds the inputs (token ids, then mask, then types) and the sequence output in {@code sig}. */
  static BertSignature of(ModelSignature sig) {
    TensorSpec ids =
        sig.input(
                t -> t.isInt() && (t.key().equals("input_word_ids") || t.key().equals("input_ids")))
            .or(() -> sig.input(t -> t.isInt() && t.key().contains("ids") && !isTypeInput(t)))
            .orElseThrow(() -> missing(sig, "token ids input (input_word_ids or input_ids)"));
    TensorSpec mask =
        sig.input(t -> t.isInt() && t.key().contains("mask"))
            .orElseThrow(() -> missing(sig, "input_mask input"));
    TensorSpec types = sig.input(t -> t.isInt() && isTypeInput(t)).orElse(null);
    return new BertSignature(ids, mask, types, sequenceOutput(sig));
  }

  /** The [batch, length, hidden] output: {@code sequence_output}, else the float one of rank 3. */
  static TensorSpec sequenceOutput(ModelSignature sig) {
    return sig.output(t -> t.key().equals("sequence_output"))
        .or(() -> sig.output(t -> t.isFloat() && t.rank() == 3))
        .orElseThrow(() -> missing(sig, "sequence_output [batch, length, hidden] output"));
  }

  private static boolean isTypeInput(TensorSpec t) {
    return t.key().contains("type") || t.key().contains("segment");
  }

  private static UserException missing(ModelSignature sig, String what) {
    return new UserException(
        sig.dir() + ": no " + what + " in signature '" + sig.key() + "': " + sig.describe());
  }
}
