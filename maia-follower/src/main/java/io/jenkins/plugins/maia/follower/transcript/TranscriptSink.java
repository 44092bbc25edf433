package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.MessageText;
import java.io.IOException;
import java.util.List;

/**
 * What {@link TranscriptReader} finds in a .jsonl, in file order: the two rendered formats and the build page's
 * {@link TranscriptView} are sinks. Implementations handle one line at a time (flat memory). Every string argument
 * is untrusted (agent output, or values the agent could influence): formats escape it for their output.
 *
 * <p>{@code line} is the 1-based line of the .jsonl the call comes from.
 */
interface TranscriptSink {

    /**
     * Longest block of text a rendered transcript shows (a message, a tool input, a decision's body or its tool
     * input); the .jsonl keeps everything whole. Keeps a page readable when an agent dumps a file.
     */
    int MAX_BLOCK_CHARS = 4_000;

    default void header(String taskId) throws IOException {}

    /** An event: {@code time} as sent by the server (may be empty), its readable text. */
    void event(long line, String time, MessageText text) throws IOException;

    /**
     * A status change. {@code pending} is everything the task waits for (empty if nothing); {@code shownAbove}
     * is true when the same decisions were already shown in full by an earlier line, so a repeat can be short.
     */
    void status(long line, String time, String status, List<DecisionView> pending, boolean shownAbove)
            throws IOException;

    /** A decision sent to the task: what was decided and by whom. */
    void decision(long line, String time, DecisionMade decision) throws IOException;

    /**
     * The follow stopped for a person: the task waits for {@code waitingFor} (may be empty when an old .jsonl does
     * not say). Not the end of the task: a resumed follow continues the same transcript.
     */
    void pause(long line, String time, List<DecisionView> waitingFor, boolean shownAbove, String detail)
            throws IOException;

    /** How the follow ended, for good. */
    void result(long line, String time, String outcome, String detail, String targetBranch) throws IOException;

    /** A line of the .jsonl that could not be read (e.g. cut by a crash). */
    void unreadable(long line) throws IOException;

    default void footer(long events) throws IOException {}

    /** {@code text} cut to {@link #MAX_BLOCK_CHARS}, with a note saying how much more the .jsonl has. */
    static String cut(String text) {
        return text.length() <= MAX_BLOCK_CHARS ? text
                : text.substring(0, MAX_BLOCK_CHARS) + "\n... (" + (text.length() - MAX_BLOCK_CHARS)
                        + " more characters in the .jsonl)";
    }

    /** "1 decision", "2 decisions". */
    static String decisions(int count) {
        return count + (count == 1 ? " decision" : " decisions");
    }
}
