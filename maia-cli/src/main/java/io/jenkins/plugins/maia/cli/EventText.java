package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.event.MessageText;

/** One readable console entry for an event of the message history (the follower recognises the shapes). */
final class EventText {
    private EventText() {}

    /**
     * e.g. {@code agent: I'll check the pipeline}; an event that says several things (text and tool calls) gives a
     * line for each; multi-line text stays multi-line, indented.
     */
    static String line(TaskEvent event) {
        return String.join("\n", MessageText.of(event).pieces().stream().map(EventText::line).toList());
    }

    static String line(MessageText text) {
        String line = TerminalText.clean(text.consoleLine());
        return line.replace("\n", "\n    ");
    }

    /** The same with the event's time in front, for history listings. */
    static String timedLine(TaskEvent event) {
        String time = TaskFormat.time(event.timestamp());
        return (time.isEmpty() ? "" : time + "  ") + line(event);
    }
}
