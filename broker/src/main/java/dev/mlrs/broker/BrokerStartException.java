package dev.mlrs.broker;

/** The broker child JVM did not become ready; the message carries the reason and the tail of its log. */
public class BrokerStartException extends RuntimeException {

  public BrokerStartException(String message) {
    super(message);
  }

  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
