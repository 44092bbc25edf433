package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.follow.FollowState.MessageCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * A follow's messages: when they are due, whether their read follows a status change, which change is still to be
 * announced, and the reading of one page through the {@link MessageReader}.
 *
 * <ul>
 *   <li>Messages are read only after the task showed a change, and once more at the end.</li>
 *   <li>While other follows wait for the account's budget and only {@code modifiedAt} moved, the read is put off
 *       until {@link #CONGESTED_MESSAGE_DELAY_FACTOR} polling {@code max} intervals after the last one, so status
 *       polls keep their latency: status first, chatter later. A status change or the end reads at once.</li>
 *   <li>A read that follows a status change jumps the account's queue (see {@link CallPlan}).</li>
 *   <li>A change is announced ({@code onStatus}) after its messages were read, or at once when the read is put
 *       off or waits in a busy queue.</li>
 * </ul>
 *
 * <p>Confined to the follow's strand.
 */
final class MessageReads {

    /**
     * While other follows wait for the account's budget and only {@code modifiedAt} moved (same status), a
     * message read is put off until this many polling {@code max} intervals since the last read, so status
     * polls keep their latency. A status change or the end always reads at once.
     */
    static final int CONGESTED_MESSAGE_DELAY_FACTOR = 4;

    /** How reading one page went. */
    record Page(boolean refused, boolean delivered, boolean caughtUp, MaiaException failure) {}

    private final MessageReader reader;
    private boolean due;
    /** The read that is due follows a status change (it jumps the budget queue). */
    private boolean afterStatusChange;
    /** The messages were read to the end since the last task read (the final read may then be skipped). */
    private boolean readSinceTask;
    /** When the task first showed a change whose messages are not read yet, or null. */
    private Instant changeUnreadSince;
    private Instant lastReadAt;
    /** The task as read, to be announced ({@code onStatus}) once its messages are read; null when none. */
    private Task toAnnounce;

    MessageReads(MessageCursor start) {
        this.reader = new MessageReader(start);
    }

    boolean due() {
        return due;
    }

    boolean afterStatusChange() {
        return afterStatusChange;
    }

    /** Whether the end still needs a read: nothing read since the last task read, a re-read under way, or due. */
    boolean finalReadNeeded() {
        return !readSinceTask || reader.resyncing() || due;
    }

    MessageCursor cursor() {
        return reader.cursor();
    }

    int resyncs() {
        return reader.resyncs();
    }

    /**
     * The task has just begun ({@link FollowRecorder#created}): there is nothing to read yet, and while the budget is
     * congested its first read after a change is put off as if it had been read {@code at}.
     */
    void begun(Instant at) {
        lastReadAt = at;
    }

    /** The task was read: whatever was read before is older than it. */
    void taskRead() {
        readSinceTask = false;
    }

    /** The task showed a change at {@code now}: it is to be announced, and its messages to be read. */
    void changed(Task task, Instant now) {
        toAnnounce = task;
        if (changeUnreadSince == null) {
            changeUnreadSince = now;
        }
    }

    /**
     * After a task read: makes the messages of an unread change due, or puts their read off while the budget is
     * congested. Returns true when the change is to be announced now (the read is put off, or waits in a busy
     * queue).
     *
     * @param polling   whether the follow is polling (only then may a read be put off)
     * @param congested whether other follows wait for the account's budget (asked when needed, as it changes)
     */
    boolean afterTaskRead(boolean statusChanged, boolean polling, BooleanSupplier congested, Duration max,
            Instant now) {
        if (changeUnreadSince != null && due && statusChanged) {
            afterStatusChange = true; // a read already planned now follows a status change: it jumps the queue
            return false;
        }
        if (changeUnreadSince == null || due) {
            return false;
        }
        boolean readNow = statusChanged || !polling || !congested.getAsBoolean() || lastReadAt == null
                || Duration.between(lastReadAt, now).compareTo(max.multipliedBy(CONGESTED_MESSAGE_DELAY_FACTOR)) >= 0;
        if (!readNow) {
            return true; // the read is put off; tell listeners now
        }
        due = true;
        afterStatusChange = statusChanged;
        // The read waits its turn in a busy queue: say now that the task moved on.
        return !statusChanged && polling && congested.getAsBoolean();
    }

    /**
     * Reads the next page; {@code sink} gets each new event with the cursor after it. A refused page token (400,
     * 404 or 410: expired, or the server re-paged) restarts the read from the beginning and is reported as
     * {@code refused}; pages that go round in a loop are reported as {@code failure}, what was delivered staying
     * delivered. Anything else the API throws is thrown.
     */
    Page readPage(TaskApi api, String taskId, int pageSize, MessageReader.Sink sink) {
        String token = reader.nextToken();
        MessagePage page;
        try {
            page = api.getMessages(taskId, pageSize, token);
        } catch (MaiaApiException e) {
            if (token != null && (e.status() == 400 || e.status() == 404 || e.status() == 410)) {
                reader.restartFromBeginning();
                return new Page(true, false, false, e);
            }
            throw e;
        }
        boolean[] delivered = {false};
        try {
            boolean caughtUp = reader.accept(page, (event, after) -> {
                delivered[0] = true;
                sink.deliver(event, after);
            });
            return new Page(false, delivered[0], caughtUp, null);
        } catch (MaiaException e) {
            return new Page(false, delivered[0], false, e);
        }
    }

    /** The messages were read to the end at {@code now}: nothing is due any more. */
    void caughtUp(Instant now) {
        due = false;
        afterStatusChange = false;
        readSinceTask = true;
        changeUnreadSince = null;
        lastReadAt = now;
    }

    /** More pages to read. */
    void more() {
        due = true;
    }

    /** The final read gave up, or the task can no longer be read: no read is due any more. */
    void giveUp() {
        readSinceTask = true;
        due = false;
    }

    /** Whatever was read, the final read reads on to the end (the task may have said more since). */
    void readToTheEnd() {
        readSinceTask = false;
    }

    /** The change is taken as read without a final read (the task could not be read after a stop). */
    void readEnough() {
        readSinceTask = true;
    }

    /** The change still to be announced, forgotten here; null when none. */
    Task takeAnnouncement() {
        Task task = toAnnounce;
        toAnnounce = null;
        return task;
    }
}
