package io.jenkins.plugins.maia.client;

/**
 * Base of every error the client throws. Messages are written for users and never contain a secret.
 */
public class MaiaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MaiaException(String message) {
        super(message);
    }

    public MaiaException(String message, Throwable cause) {
        super(message, cause);
    }
}
