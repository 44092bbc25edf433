package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.transcript.TranscriptEntry.Kind;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Turns what {@link TranscriptReader} finds into plain-text {@link TranscriptEntry entries} for
 * {@link TranscriptView}, keeping only the last {@code max} of them (a ring): memory stays flat however long the
 * transcript. Texts are whole and unescaped; the page that shows them escapes.
 */
final class EntryCollector implements TranscriptSink {

    private final int max;
    private final ArrayDeque<TranscriptEntry> ring;
    private long omitted;

    EntryCollector(int max) {
        this.max = max;
        this.ring = new ArrayDeque<>(Math.min(max, 1024));
    }

    List<TranscriptEntry> entries() {
        return List.copyOf(ring);
    }

    long omitted() {
        return omitted;
    }

    @Override
    public void event(long line, String time, MessageText text) {
        String tool = text.toolName() == null ? "" : " " + text.toolName();
        switch (text.kind()) {
            case AGENT -> add(Kind.MESSAGE, line, time, "Agent", text.text());
            case USER -> add(Kind.MESSAGE, line, time, "User", text.text());
            case TOOL_CALL -> add(Kind.TOOL_CALL, line, time, "Tool call" + tool, text.text());
            case TOOL_RESULT -> add(Kind.TOOL_RESULT, line, time, "Tool result" + tool, text.text());
            case SYSTEM -> add(Kind.MESSAGE, line, time, "System", text.text());
            case STATUS -> add(Kind.MESSAGE, line, time, "Server status", text.text());
            case ERROR -> add(Kind.MESSAGE, line, time, "Error", text.text());
            case RESULT -> add(Kind.MESSAGE, line, time, "Agent, final summary", text.text());
            case OTHER -> add(Kind.MESSAGE, line, time, "Event", text.text());
        }
    }

    @Override
    public void status(long line, String time, String status, List<DecisionView> pending, boolean shownAbove) {
        String text;
        if (pending.isEmpty()) {
            text = "";
        } else if (shownAbove) {
            text = "Still waiting for the same " + TranscriptSink.decisions(pending.size()) + " (above).";
        } else {
            text = "Waiting for " + TranscriptSink.decisions(pending.size()) + ":\n\n" + asked(pending);
        }
        add(Kind.STATUS, line, time, "Status: " + status, text);
    }

    @Override
    public void decision(long line, String time, DecisionMade decision) {
        StringBuilder text = new StringBuilder(decision.verdict().words());
        if (!decision.decidedBy().isEmpty()) {
            text.append(" by ").append(decision.decidedBy());
        }
        for (DecisionMade.Answer a : decision.answers()) {
            text.append('\n').append(a.describe());
        }
        add(Kind.DECISION, line, time, "Decision on " + tool(decision.toolName(), decision.toolId()),
                text.toString());
    }

    @Override
    public void pause(long line, String time, List<DecisionView> waitingFor, boolean shownAbove, String detail) {
        StringBuilder text = new StringBuilder();
        if (shownAbove) {
            for (DecisionView v : waitingFor) {
                text.append(text.length() == 0 ? "" : "\n").append(tool(v.toolName(), v.toolId())).append(": ")
                        .append(v.title());
                for (DecisionView.Question q : v.questions()) {
                    text.append(" · question ").append(q.index()).append(": ").append(q.text());
                }
            }
        } else {
            text.append(asked(waitingFor));
        }
        if (!detail.isEmpty()) {
            text.append(text.length() == 0 ? "" : "\n\n").append(detail);
        }
        add(Kind.PAUSE, line, time, "Paused: waiting for "
                + (waitingFor.isEmpty() ? "a decision" : TranscriptSink.decisions(waitingFor.size())),
                text.toString());
    }

    @Override
    public void result(long line, String time, String outcome, String detail, String targetBranch) {
        String text = detail + (targetBranch.isEmpty() ? "" : (detail.isEmpty() ? "" : "\n") + "Target branch: "
                + targetBranch);
        add(Kind.RESULT, line, time, "Result: " + outcome, text);
    }

    @Override
    public void unreadable(long line) {
        add(Kind.UNREADABLE, line, "", "Unreadable line", "Line " + line + " of the .jsonl could not be read.");
    }

    private void add(Kind kind, long line, String time, String label, String text) {
        if (ring.size() == max) {
            ring.removeFirst();
            omitted++;
        }
        ring.addLast(new TranscriptEntry(kind, line, time, label, text));
    }

    /**
     * Everything a person is asked, as plain text: tool and id, title, body, each question (numbered from 0, as
     * answers refer to them) with its options (numbered from 1) and their descriptions, or the tool input.
     */
    private static String asked(List<DecisionView> pending) {
        StringBuilder sb = new StringBuilder();
        for (DecisionView v : pending) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(tool(v.toolName(), v.toolId())).append(": ").append(v.title());
            if (!v.body().isBlank()) {
                sb.append('\n').append(v.body());
            }
            for (DecisionView.Question q : v.questions()) {
                sb.append("\nquestion ").append(q.index()).append(": ");
                if (!q.header().isBlank()) {
                    sb.append('[').append(q.header()).append("] ");
                }
                sb.append(q.text()).append(q.multiSelect() ? " (several answers allowed)" : "");
                for (int i = 0; i < q.options().size(); i++) {
                    String description = q.optionDescriptions().get(i);
                    sb.append("\n   ").append(i + 1).append(") ").append(q.options().get(i))
                            .append(description.isBlank() ? "" : " - " + description);
                }
            }
            if (v.questions().isEmpty() && !v.toolInput().isBlank()) {
                sb.append("\nTool input:\n").append(v.toolInput());
            }
        }
        return sb.toString();
    }

    private static String tool(String toolName, String toolId) {
        String name = toolName == null || toolName.isBlank() ? "(unnamed tool)" : toolName;
        return toolId == null || toolId.isBlank() ? name : name + " (" + toolId + ")";
    }
}
