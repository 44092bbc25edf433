package io.jenkins.plugins.maia.follower.follow;

import java.util.concurrent.CompletionException;

/** The text of a failure for a follow's messages: its own message, looking through a failed future's wrapper. */
final class ErrorText {

    private ErrorText() {}

    /** The message of {@code e} (of its cause for a {@link CompletionException}), else its class name. */
    static String of(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
