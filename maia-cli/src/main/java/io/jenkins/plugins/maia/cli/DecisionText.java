package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import java.util.ArrayList;
import java.util.List;

/**
 * What a human is shown about a pending decision: title, body, and the tool input or the questions with
 * numbered options. Questions are labelled with their zero-based index, the N of {@code --answer N=OPTION}.
 */
final class DecisionText {
    private DecisionText() {}

    /** The lines describing {@code view}, already cleaned of control characters. */
    static List<String> lines(DecisionView view) {
        List<String> lines = new ArrayList<>();
        lines.add(view.title());
        if (!view.body().isBlank()) {
            lines.addAll(view.body().lines().toList());
        }
        if (view.kind() == DecisionView.Kind.QUESTION && !view.questions().isEmpty()) {
            for (DecisionView.Question q : view.questions()) {
                lines.add("question " + q.index() + ": " + (q.header().isBlank() ? "" : "[" + q.header() + "] ") + q.text()
                        + (q.multiSelect() ? " (several answers allowed)" : ""));
                for (int i = 0; i < q.options().size(); i++) {
                    String description = q.optionDescriptions().get(i);
                    lines.add("   " + (i + 1) + ") " + q.options().get(i) + (description.isBlank() ? "" : " - " + description));
                }
            }
        } else if (!view.toolInput().isBlank()) {
            lines.add("input:");
            view.toolInput().lines().limit(40).forEach(l -> lines.add("  " + l));
        }
        return lines.stream().map(TerminalText::clean).toList();
    }

    static void print(PendingDecision p, java.io.PrintStream out, String indent) {
        for (String line : lines(DecisionView.of(p))) {
            out.println(indent + line);
        }
    }

    /** One line naming what a paused decision is about, for error messages. */
    static String summary(PendingDecision p) {
        DecisionView view = DecisionView.of(p);
        if (view.kind() == DecisionView.Kind.QUESTION) {
            String question = view.questions().isEmpty() ? view.title() : view.questions().get(0).text();
            return "question \"" + TerminalText.oneLine(question, 120) + "\" (id " + TerminalText.oneLine(p.toolId(), 80) + ")";
        }
        return TaskFormat.pendingLabel(p);
    }

    /** The options that would settle {@code p} when following again, e.g. {@code --approve git_push} or {@code --answer 0=Yes}. */
    static String resumeOptions(PendingDecision p) {
        DecisionView view = DecisionView.of(p);
        if (view.kind() == DecisionView.Kind.QUESTION) {
            if (view.questions().isEmpty()) {
                return "--answer 0=OPTION";
            }
            StringBuilder sb = new StringBuilder();
            for (DecisionView.Question q : view.questions()) {
                String option = q.options().isEmpty() ? "ANSWER" : q.options().get(0);
                sb.append(sb.length() == 0 ? "" : " ").append("--answer ").append(q.index()).append('=').append(quote(option));
            }
            return sb.toString();
        }
        return "--approve " + quote(p.toolName() == null ? "TOOL" : p.toolName());
    }

    /** Quotes a shell word when it needs it. */
    static String quote(String word) {
        String w = TerminalText.oneLine(word, 120);
        return w.matches("[A-Za-z0-9_.,:/@%+=-]+") ? w : "'" + w.replace("'", "'\\''") + "'";
    }
}
