package io.memefusion.sweep;

/**
 * The trial was taken from this worker (presumed dead and requeued, then claimed by another): its
 * results must be dropped, not recorded.
 */
public final class LostTrialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LostTrialException(long trialId, int attempt) {
    super("trial " + trialId + " (attempt " + attempt + ") is no longer held by this worker");
  }
}
