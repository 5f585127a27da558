package dev.mlrs.client;

/**
 * The client could not attach: the cluster was unreachable or the service's topics were missing.
 * A job may catch it and train with its own schedule instead.
 */
public class MlrsAttachException extends RuntimeException {

  public MlrsAttachException(String message, Throwable cause) {
    super(message, cause);
  }
}
