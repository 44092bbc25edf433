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

/**
 * {@code maia task messages ID}: the task's message history, oldest first: every page, or the first {@code --limit}
 * events and the {@code more} token that continues after them.
 */
@Command(name = "messages",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = {"Print a task's messages, oldest first: all of them, or the first N with "
        + "--limit and then the command that prints the next ones (--page-token)."})
public final class TaskMessagesCommand implements Callable<Integer> {

    /** Events asked for per request while reading everything (the API allows up to 1,000). */
    static final int PAGE_SIZE = 100;

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Option(names = "--limit", paramLabel = "N",
            description = "Print at most N events (default: all), then the 'more' token to continue with --page-token.")
    Integer limit;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Start at this page (a 'more' token) instead of the first.")
    String pageToken;

    @Option(names = "--json",
            description = "Print each event as received, one JSON object per line (JSON Lines); the 'more' token goes to "
                    + "stderr. A failure prints {\"error\": ..., \"exitCode\": N}.")
    boolean json;

    public TaskMessagesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.reserveStdoutFor(json ? JsonMode.LINES : JsonMode.NONE);
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be 1 or more, was " + limit + " (leave it out to print every event)");
        }
        MaiaClient client = connection.connect(ctx);
        ServerText server = ServerText.of(ctx);
        String token = pageToken;
        int count = 0;
        String more = null;
        while (true) {
            int ask = limit == null ? PAGE_SIZE : Math.min(limit - count, MaiaClient.MAX_MESSAGES_LIMIT);
            MessagePage page = client.getMessages(taskId, ask, token);
            for (TaskEvent event : page.results()) {
                count++;
                // Masked before it is printed: whole strings, before any cut or JSON escaping.
                if (json) {
                    ctx.printJsonLine(server.tree(event.raw() != null ? event.raw() : event.data()), false);
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
            if (limit != null && count >= limit) {
                more = token;
                break;
            }
        }
        String next = more == null ? "" : "; more: " + new NextSteps(connection.reconnectOptions(), null)
                .task("messages", taskId, "--page-token " + NextSteps.shellWord(more) + " --limit " + limit
                        + (json ? " --json" : ""));
        if (!json || more != null) {
            (json ? ctx.err() : ctx.out()).println("(" + count + " event(s)" + next + ")");
        }
        return 0;
    }
}
