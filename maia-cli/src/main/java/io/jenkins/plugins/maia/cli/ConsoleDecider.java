package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code --on-decision prompt}: shows the decision and reads the answer from the console. Reading blocks, so it
 * happens on a dedicated daemon thread and never on the follower's scheduler. End of input, or an empty answer
 * where one is needed, means "no answer now": the follow then ends with exit code 4 and the task stays paused.
 */
final class ConsoleDecider implements HumanDecider, AutoCloseable {

    private static final int MAX_TRIES = 5;

    private final LiveConsole console;
    private final BufferedReader reader;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "maia-prompt");
        t.setDaemon(true);
        return t;
    });

    private final boolean echo;
    private final ServerText server;

    ConsoleDecider(LiveConsole console, InputStream in, boolean terminal, ServerText server) {
        this.console = console;
        this.server = server;
        this.echo = !terminal;
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view) {
        return answer(pending, view, "");
    }

    /**
     * The same prompt for one task of several ({@code maia batch}): the question names the task. The prompts of all
     * tasks share this decider's one thread, so they are asked one at a time, while the other tasks go on.
     */
    HumanDecider forTask(String taskName) {
        return new HumanDecider() {
            @Override
            public CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view) {
                return ConsoleDecider.this.answer(pending, view, " for task " + taskName);
            }

            @Override
            public String name() {
                return ConsoleDecider.this.name();
            }
        };
    }

    private CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view, String forWhat) {
        // What is shown is masked before it is cut; the answer is built from the decision as the server sent it.
        DecisionView shown = DecisionView.of(server.decision(pending));
        CompletableFuture<HumanAnswer> answer = new CompletableFuture<>();
        thread.execute(() -> {
            if (answer.isDone()) {
                return; // moot before it was asked (the decision timeout passed, the follow ended): not shown
            }
            try {
                Decision decision = ask(view, shown, forWhat);
                answer.complete(decision == null ? null : new HumanAnswer(decision, name()));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private Decision ask(DecisionView view, DecisionView shown, String forWhat) {
        console.suspend();
        try {
            console.line("");
            List<String> lines = DecisionText.lines(shown);
            console.line("Decision needed" + forWhat + ": " + lines.get(0));
            lines.subList(1, lines.size()).forEach(console::line);
            if (!view.answerable()) {
                console.line("(this decision has no id, so it cannot be answered here)");
                return null;
            }
            return switch (view.kind()) {
                case TOOL -> askTool(view, shown);
                case QUESTION -> askQuestion(view, shown);
                case UNKNOWN -> {
                    console.line("(unknown kind of decision; answer it with 'maia task decide')");
                    yield null;
                }
            };
        } finally {
            console.resume();
        }
    }

    private Decision askTool(DecisionView view, DecisionView shown) {
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<String> answer = read("Allow " + TerminalText.oneLine(shown.toolName(), 200)
                    + "? [y] once, [a] for the rest of the task, [n] reject, [s] skip (leave paused): ");
            if (answer.isEmpty()) {
                return null;
            }
            switch (answer.get().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> {
                    return view.approveOnce();
                }
                case "a", "always" -> {
                    return view.approveForTask();
                }
                case "n", "no" -> {
                    return view.reject();
                }
                case "s", "skip" -> {
                    return null;
                }
                default -> console.line("Please answer y, a, n or s.");
            }
        }
        return null;
    }

    private Decision askQuestion(DecisionView view, DecisionView shown) {
        if (view.questions().isEmpty()) {
            console.line("The question's format is not understood:\n" + TerminalText.clean(shown.toolInput()));
            console.line("(answer it with 'maia task decide ... --answer N=OPTION')");
            return null;
        }
        Map<Integer, List<String>> selected = new LinkedHashMap<>();
        for (DecisionView.Question q : view.questions()) {
            if (view.questions().size() > 1) {
                console.line("For question " + q.index() + ":");
            }
            List<String> chosen = askOptions(view, q);
            if (chosen == null) {
                return null;
            }
            selected.put(q.index(), chosen);
        }
        return view.answers(selected);
    }

    private List<String> askOptions(DecisionView view, DecisionView.Question q) {
        String hint = q.options().isEmpty() ? "Your answer" : q.multiSelect()
                ? "Choose one or more (numbers or labels, comma-separated)" : "Choose (number or label)";
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<String> answer = read(hint + ", empty to skip: ");
            if (answer.isEmpty() || answer.get().isBlank()) {
                return null;
            }
            List<String> parts = q.multiSelect() ? List.of(answer.get().split(",")) : List.of(answer.get());
            List<String> options = new ArrayList<>();
            for (String part : parts) {
                view.matchOption(q.index(), part).ifPresent(options::add);
            }
            if (options.size() == parts.size()) {
                return options;
            }
            console.line("Not an option of question " + q.index() + "; give its number (1-" + q.options().size() + ") or label.");
        }
        return null;
    }

    /** A trimmed line, or empty at end of input. */
    private Optional<String> read(String prompt) {
        console.prompt(prompt);
        try {
            String line = reader.readLine();
            // A terminal echoes what was typed; piped input does not, so echo it to keep the log readable.
            if (line == null) {
                console.line("(end of input: no answer)");
            } else if (echo) {
                console.line(line.strip());
            }
            return line == null ? Optional.empty() : Optional.of(line.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the answer from the console", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
