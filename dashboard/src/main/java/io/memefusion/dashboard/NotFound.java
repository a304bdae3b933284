package io.memefusion.dashboard;

/** A missing sweep, trial or page: answered with a 404 page. */
/** A missing sweep, trial or page: answered with a 404 page. */
final class NotFound extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotFound(String message) {
    super(message);
  }

  static NotFound sweep(long id) {
    return new NotFound("no sweep " + id);
  }
}
