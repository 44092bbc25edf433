package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Queue;
import hudson.model.Run;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.cps.CpsThread;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Proof that a step was called by the plugin's global variable, which turns a pending decision into a real
 * {@code input}: the trusted Groovy class takes a single-use ticket for its build just before it calls the step, and
 * the step redeems it when it starts. A sandboxed script cannot take one (this class is not on the sandbox's
 * allowlist) and cannot guess one, so a script that calls {@code steps.maiaAgentTask(...)} itself never gets a pending
 * decision handed back to ignore: its step fails instead, naming the decision. Tickets live only in memory, between
 * the variable and the step's start on the same CPS thread; a resumed step was checked when it started.
 */
@Restricted(NoExternalUse.class)
public final class VariableTickets {

    /** Issued and not yet redeemed: ticket to the build it was issued for. Bounded: a ticket is used at once. */
    private static final Map<String, String> ISSUED = new ConcurrentHashMap<>();
    private static final int MAX_OUTSTANDING = 10_000;

    private VariableTickets() {}

    /** A ticket for the build whose program is running on this CPS thread. Called by MaiaAgentTasksDsl only. */
    public static String issue() throws IOException {
        CpsThread thread = CpsThread.current();
        if (thread == null) {
            throw new IllegalStateException("a Maia variable ticket is issued on the CPS VM thread only");
        }
        Queue.Executable run = thread.getExecution().getOwner().getExecutable();
        if (!(run instanceof Run<?, ?> build)) {
            throw new IllegalStateException("a Maia variable ticket needs a build, not " + run);
        }
        if (ISSUED.size() >= MAX_OUTSTANDING) {
            ISSUED.clear(); // tickets are redeemed at once; a pile-up can only be leftovers of steps that never started
        }
        String ticket = UUID.randomUUID().toString();
        ISSUED.put(ticket, build.getExternalizableId());
        return ticket;
    }

    /** Whether {@code ticket} was issued for {@code run} and not used before; it is used up either way. */
    static boolean redeem(@CheckForNull String ticket, Run<?, ?> run) {
        if (ticket == null) {
            return false;
        }
        String issuedFor = ISSUED.remove(ticket);
        return issuedFor != null && issuedFor.equals(run.getExternalizableId());
    }
}
