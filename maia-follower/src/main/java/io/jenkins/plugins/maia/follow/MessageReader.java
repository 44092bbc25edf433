package io.jenkins.plugins.maia.follow;

import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follow.FollowState.MessageCursor;
import java.util.List;
import java.util.Objects;

/**
 * Reads a task's message history page by page and delivers each event once, in order, although the API has no
 * "since" parameter.
 *
 * <p>Normally it re-reads the page it is consuming (its pagination token is in the cursor), checks that the
 * event it delivered last is still at the same place (by {@link EventKey}) and delivers what follows; a full
 * page carries a {@code more} token and the cursor moves on to it.
 *
 * <p>If the check fails, the server re-paged (or the token expired): it re-reads from the start. Pass 1 looks for
 * the last delivered event's key at or after its old index and continues right after it. If it is not found
 * there, pass 2 re-reads again and continues after the key's last occurrence before that index (events were
 * dropped), or by count when the key is nowhere (the history was rewritten: nothing is delivered twice that
 * sits at the same index).
 *
 * <p>Not thread-safe: owned by one follow's strand.
 */
final class MessageReader {

    /** Receives each new event with the cursor just after it. */
    interface Sink {
        void deliver(TaskEvent event, MessageCursor after);
    }

    private MessageCursor cursor;
    private boolean resyncing;
    private int pass;
    private String scanToken;
    private long scanIndex;
    private long candidate;
    private long fixedAnchor;
    private boolean anchored;
    private int resyncs;

    MessageReader(MessageCursor start) {
        this.cursor = Objects.requireNonNull(start, "start");
    }

    MessageCursor cursor() {
        return cursor;
    }

    /** The token to ask for next (null = first page). */
    String nextToken() {
        return resyncing ? scanToken : cursor.pageToken();
    }

    boolean resyncing() {
        return resyncing;
    }

    /** How many times the reader had to re-read from the start (a statistic for tests). */
    int resyncs() {
        return resyncs;
    }

    /** Re-read from the start (e.g. the saved token was refused). */
    void restartFromBeginning() {
        if (cursor.position() == 0) {
            cursor = MessageCursor.start();
            resyncing = false;
            return;
        }
        resyncs++;
        resyncing = true;
        pass = 1;
        scanToken = null;
        scanIndex = 0;
        candidate = -1;
        fixedAnchor = -1;
        anchored = false;
    }

    /**
     * Consumes the page read with {@link #nextToken()}. Returns true when caught up (the last page was read),
     * false when another page must be read.
     */
    boolean accept(MessagePage page, Sink sink) {
        return resyncing ? acceptResync(page, sink) : acceptNormal(page, sink);
    }

    private boolean acceptNormal(MessagePage page, Sink sink) {
        String token = cursor.pageToken();
        List<TaskEvent> events = page.results();
        int k = cursor.deliveredInPage();
        if (k > 0) {
            if (events.size() < k || !EventKey.of(events.get(k - 1)).equals(cursor.lastEventKey())) {
                restartFromBeginning();
                return false;
            }
        } else if (cursor.position() > 0 && !events.isEmpty()
                && EventKey.of(events.get(0)).equals(cursor.lastEventKey())) {
            // The page we moved to starts with the event delivered last: the server re-paged.
            restartFromBeginning();
            return false;
        }
        for (int j = k; j < events.size(); j++) {
            deliver(token, j, events.get(j), cursor.position(), sink);
        }
        return moveOn(page, token);
    }

    private boolean acceptResync(MessagePage page, Sink sink) {
        String token = scanToken;
        List<TaskEvent> events = page.results();
        long lastIndex = cursor.position() - 1;
        for (int j = 0; j < events.size(); j++) {
            long i = scanIndex++;
            TaskEvent event = events.get(j);
            if (anchored) {
                deliver(token, j, event, i, sink);
                continue;
            }
            if (pass == 1) {
                String key = EventKey.of(event);
                if (key.equals(cursor.lastEventKey())) {
                    if (i >= lastIndex) {
                        anchor(token, j, key, i);
                    } else {
                        candidate = i;
                    }
                }
            } else if (i == fixedAnchor) {
                anchor(token, j, EventKey.of(event), i);
            }
        }
        if (page.hasMore() && !page.more().equals(token)) {
            scanToken = page.more();
            if (anchored) {
                cursor = new MessageCursor(scanToken, 0, cursor.lastEventKey(), cursor.position(), cursor.delivered());
            }
            return false;
        }
        if (anchored) {
            resyncing = false;
            return true;
        }
        if (pass == 1) {
            pass = 2;
            fixedAnchor = candidate >= 0 ? candidate : lastIndex;
            scanToken = null;
            scanIndex = 0;
            return false;
        }
        // The history is now shorter than what was delivered: nothing new; continue from its end.
        String lastKey = events.isEmpty() ? cursor.lastEventKey() : EventKey.of(events.get(events.size() - 1));
        cursor = new MessageCursor(token, events.size(), lastKey, scanIndex, cursor.delivered());
        resyncing = false;
        return true;
    }

    private void anchor(String token, int indexInPage, String key, long index) {
        anchored = true;
        cursor = new MessageCursor(token, indexInPage + 1, key, index + 1, cursor.delivered());
    }

    private void deliver(String token, int indexInPage, TaskEvent event, long index, Sink sink) {
        cursor = new MessageCursor(token, indexInPage + 1, EventKey.of(event), index + 1, cursor.delivered() + 1);
        sink.deliver(event, cursor);
    }

    private boolean moveOn(MessagePage page, String token) {
        if (page.hasMore() && !page.more().equals(token)) {
            cursor = new MessageCursor(page.more(), 0, cursor.lastEventKey(), cursor.position(), cursor.delivered());
            return false;
        }
        return true;
    }
}
