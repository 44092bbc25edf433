package io.jenkins.plugins.maia.sandbox.agent;

import java.util.List;

/** A slice of a task's events: {@code events} start at {@code offset}; {@code total} events existed when it was read. */
public record EventPage(List<TaskEvent> events, int offset, int total) {
    public EventPage {
        events = List.copyOf(events);
    }

    public int nextOffset() {
        return offset + events.size();
    }

    public boolean hasMore() {
        return nextOffset() < total;
    }
}
