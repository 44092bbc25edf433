package io.jenkins.plugins.maia.agenttasks.quant;

import io.jenkins.plugins.maia.follower.event.TextRedactor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every secret a build's mirror must keep out of Quant and the console: Quant's token, and the Maia credentials of
 * each step that attached a task (a build's steps may use different credentials).
 */
final class BuildSecrets implements TextRedactor {

    private final List<TextRedactor> redactors = new CopyOnWriteArrayList<>();

    BuildSecrets(TextRedactor first) {
        redactors.add(first);
    }

    void add(TextRedactor redactor) {
        if (redactor != null && !redactors.contains(redactor)) {
            redactors.add(redactor);
        }
    }

    @Override
    public String redact(String text) {
        String t = text;
        for (TextRedactor r : redactors) {
            t = r.redact(t);
        }
        return t;
    }
}
