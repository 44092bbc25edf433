package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maia task messages ID}: the task's message history, every page, oldest first. */
@Command(name = "messages", description = "Print a task's messages, oldest first (all pages).")
public final class TaskMessagesCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Events per request, 1..1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Start at this page (a 'more' token) instead of the first.")
    String pageToken;

    @Option(names = "--json", description = "Print each event as received, one JSON object per line (JSON Lines).")
    boolean json;

    public TaskMessagesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > MaiaClient.MAX_MESSAGES_LIMIT) {
            throw new UsageException("--limit must be between 1 and " + MaiaClient.MAX_MESSAGES_LIMIT + ", was " + limit);
        }
        MaiaClient client = connection.connect(ctx);
        ServerText server = ServerText.of(ctx);
        String token = pageToken;
        int count = 0;
        while (true) {
            MessagePage page = client.getMessages(taskId, limit, token);
            for (TaskEvent event : page.results()) {
                count++;
                // Masked before it is printed: whole strings, before any cut or JSON escaping.
                if (json) {
                    ctx.out().println(JsonOutput.writeLine(server.tree(event.raw() != null ? event.raw() : event.data())));
                } else {
                    ctx.out().println(EventText.timedLine(server.event(event)));
                }
            }
            if (!page.hasMore()) {
                break;
            }
            if (page.more().equals(token)) {
                // A server that hands back the token it was given would loop forever.
                throw new MaiaException("The server returned the same page token twice ('more' did not advance) after "
                        + count + " event(s); stopping here");
            }
            token = page.more();
        }
        if (!json) {
            ctx.human().println("(" + count + " event(s))");
        }
        return 0;
    }
}
