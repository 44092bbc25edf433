package io.jenkins.plugins.maia.agenttasks.pipeline;

import hudson.Extension;
import java.net.URL;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.cps.GroovySourceFileAllowlist;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Lets Pipeline load this plugin's one trusted Groovy file, {@code MaiaAgentTasksDsl.groovy} (Pipeline refuses
 * Groovy sources from plugins unless an allowlist names them), and nothing else.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class MaiaDslAllowlist extends GroovySourceFileAllowlist {

    private final String dslUrl;

    public MaiaDslAllowlist() {
        URL url = MaiaDslAllowlist.class.getResource("MaiaAgentTasksDsl.groovy");
        this.dslUrl = Objects.requireNonNull(url, "MaiaAgentTasksDsl.groovy is packaged with the plugin").toString();
    }

    @Override
    public boolean isAllowed(String groovySourceFileUrl) {
        return dslUrl.equals(groovySourceFileUrl);
    }
}
