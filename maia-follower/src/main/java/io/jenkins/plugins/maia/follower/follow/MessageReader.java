package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.event.EventKey;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.follow.FollowState.MessageCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * <p>A server whose {@code more} tokens go round in a cycle (A, B, A, ...) would keep the reader on the same pages
 * forever. Within one read pass (from where the reader starts until it is caught up, or re-reads from the start)
 * each token is remembered by a 64-bit fingerprint; a token that comes back fails the read with a
 * {@link MaiaException} that says so. The cursor stays where it was, so a later read goes on from there (a server
 * that re-paged is then noticed and re-read from the start). The number of pages in one pass is bounded by
 * {@link #MAX_PAGES_PER_PASS}, so the fingerprints are too.
 *
 * <p>Not thread-safe: owned by one follow's strand.
 */
final class MessageReader {

    /**
     * Most pages one read pass visits: 4 million events at the follower's default page size. A longer chain of
     * tokens is taken as a loop too long to remember.
     */
    static final int MAX_PAGES_PER_PASS = 20_000;

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
    /** Fingerprints of the tokens visited in this read pass; empty between passes. */
    private final Set<Long> passTokens = new HashSet<>();
    private boolean inPass;

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
        endPass();
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
        if (!inPass) {
            inPass = true;
            String first = nextToken();
            if (first != null) {
                passTokens.add(fingerprint(first));
            }
        }
        boolean caughtUp = resyncing ? acceptResync(page, sink) : acceptNormal(page, sink);
        if (caughtUp) {
            endPass();
        }
        return caughtUp;
    }

    private void endPass() {
        inPass = false;
        passTokens.clear();
    }

    /**
     * Checks that {@code more}, the token the reader is about to move to, was not visited in this pass; throws
     * (before the cursor moves) if it was, or if the pass is longer than {@link #MAX_PAGES_PER_PASS}.
     */
    private void visit(String more) {
        if (!passTokens.add(fingerprint(more))) {
            throw new MaiaException("The server's message pages go round in a loop: the page token "
                    + shortToken(more) + " came back after " + passTokens.size() + " page(s) of one read; reading on "
                    + "would repeat the same pages forever");
        }
        if (passTokens.size() > MAX_PAGES_PER_PASS) {
            throw new MaiaException("The server's message history did not end after " + MAX_PAGES_PER_PASS
                    + " pages in one read; its page tokens probably go round in a loop too long to notice");
        }
    }

    private static String shortToken(String token) {
        String t = token.length() <= 40 ? token : token.substring(0, 40) + "...";
        return "'" + MessageText.sanitize(t) + "'";
    }

    /** 64 bits of the token's SHA-256: a fixed, small size whatever the server's tokens look like. */
    private static long fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
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
            visit(page.more());
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
            endPass(); // pass 2 visits the same tokens again, from the start
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
            visit(page.more());
            cursor = new MessageCursor(page.more(), 0, cursor.lastEventKey(), cursor.position(), cursor.delivered());
            return false;
        }
        return true;
    }
}
