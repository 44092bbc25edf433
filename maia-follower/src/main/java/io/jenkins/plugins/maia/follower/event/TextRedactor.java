package io.jenkins.plugins.maia.follower.event;

/**
 * Masks secrets in text the follower keeps (the last agent message in the follow state, the detail of a
 * follow result), so that an agent that echoes a credential does not put it into saved state. The
 * transcripts' {@link io.jenkins.plugins.maia.follower.transcript.Redactor} is one; a lambda is another.
 *
 * <p>Applied to whole texts before anything is cut, so no part of a secret survives a cut. Must be thread-safe
 * and must not return null for a non-null text.
 */
@FunctionalInterface
public interface TextRedactor {

    /** {@code text} with every secret masked; null stays null. */
    String redact(String text);

    /** Masks nothing: for callers that hold no secret (the follower itself never sees the token). */
    static TextRedactor none() {
        return text -> text;
    }
}
