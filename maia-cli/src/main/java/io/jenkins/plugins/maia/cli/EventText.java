package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.TaskEvent;

/** One readable console line (or a few) for an event of the message history. */
final class EventText {
    private EventText() {}

    static String line(TaskEvent event) {
        String time = TaskFormat.time(event.timestamp());
        String data = event.data() == null ? "" : event.data().toString();
        return (time.isEmpty() ? "" : time + "  ") + TerminalText.clean(data);
    }
}
