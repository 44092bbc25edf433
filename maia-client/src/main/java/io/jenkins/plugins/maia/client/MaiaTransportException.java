package io.jenkins.plugins.maia.client;

/** The server could not be reached, or kept failing (429/5xx/connection) after all retries. */
public class MaiaTransportException extends MaiaException {
    private static final long serialVersionUID = 1L;

    public MaiaTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
