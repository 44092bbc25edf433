package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.event.MessageText;
import java.io.IOException;

/**
 * One output format of a rendered transcript. The renderer streams the .jsonl and calls these in file order;
 * implementations write as they go (flat memory). Every string argument is untrusted (agent output, or values
 * the agent could influence) and must be escaped for the format.
 */
interface TranscriptFormat {

    void header(String taskId) throws IOException;

    /** An event: {@code time} as sent by the server (may be empty), its readable text. */
    void event(String time, MessageText text) throws IOException;

    /** A status change; {@code pending} is a short description of the pending decisions, empty if none. */
    void status(String time, String status, String pending) throws IOException;

    /** A decision: {@code what} e.g. "approved once", "rejected", "answered: 1 = b". */
    void decision(String time, String toolName, String toolId, String what, String decidedBy) throws IOException;

    /** How the follow ended. */
    void result(String time, String outcome, String detail, String targetBranch) throws IOException;

    /** A line of the .jsonl that could not be read (e.g. cut by a crash). */
    void unreadable(long lineNumber) throws IOException;

    void footer(long events) throws IOException;
}
