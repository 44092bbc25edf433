package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import java.io.PrintStream;

/** What a human is shown about a pending decision: title, body, tool input; questions with numbered options. */
final class DecisionText {
    private DecisionText() {}

    static void print(PendingDecision p, PrintStream out, String indent) {
        if (p.permissionMessage() != null) {
            if (p.permissionMessage().title() != null) {
                out.println(indent + TerminalText.oneLine(p.permissionMessage().title(), 200));
            }
            if (p.permissionMessage().body() != null) {
                for (String line : TerminalText.clean(p.permissionMessage().body()).split("\n")) {
                    out.println(indent + line);
                }
            }
        }
        if (p.toolInput() != null && !p.toolInput().isNull()) {
            out.println(indent + "input: " + TerminalText.oneLine(p.toolInput().toString(), 400));
        }
    }
}
