package dev.mlrs.sim.data;

/**
 * A dataset could not be found, read or parsed. Unchecked so that CLI code can let it surface; the message
 * always names the file (or dataset) and says what was expected.
 */
public class DataException extends RuntimeException {

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
