package io.jenkins.plugins.maia.client;

/**
 * The sizes the client keeps to, checked before any call ({@link InvalidRequestException} names the field and the
 * range). {@link #MAIA} holds the values of the Maia API.
 *
 * @param maxMessageLength   longest message (create or follow-up) the client sends. The API states no limit; this
 *                           generous cap only stops accidents such as a whole log file pasted into a prompt
 * @param maxMessagesPageSize largest page of events the messages endpoint serves ({@code limit})
 * @param maxListPageSize    largest page of tasks the list endpoint serves ({@code size})
 */
public record ApiLimits(int maxMessageLength, int maxMessagesPageSize, int maxListPageSize) {

    /** The Maia API's limits, and the client's cap on messages. */
    public static final ApiLimits MAIA = new ApiLimits(100_000, 1000, 100);

    public ApiLimits {
        if (maxMessageLength < 1 || maxMessagesPageSize < 1 || maxListPageSize < 1) {
            throw new IllegalArgumentException("every limit must be at least 1, got " + maxMessageLength + ", "
                    + maxMessagesPageSize + ", " + maxListPageSize);
        }
    }
}
