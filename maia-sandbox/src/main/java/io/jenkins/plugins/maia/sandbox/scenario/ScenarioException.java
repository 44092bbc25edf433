package io.jenkins.plugins.maia.sandbox.scenario;

/**
 * A scenario could not be found or is not valid. The message names the scenario (file or built-in name),
 * the place in it (for example {@code steps[2].tool.name}) and what to change.
 */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
