package io.jenkins.plugins.maia.agenttasks.forms;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Who may call a form's check and fill methods: Item/Configure on the job being configured, or Overall/Administer
 * where there is no job (global configuration, the Pipeline Syntax page at the root). Checks throw
 * {@code AccessDeniedException} (HTTP 403); fills ask first and answer with no data instead.
 */
@Restricted(NoExternalUse.class)
public final class FormAccess {

    private FormAccess() {}

    public static void checkAdminister() {
        MaiaController.jenkins().checkPermission(Jenkins.ADMINISTER);
    }

    public static boolean canAdminister() {
        return MaiaController.jenkins().hasPermission(Jenkins.ADMINISTER);
    }

    /** Item/Configure on {@code item}, or Overall/Administer when there is no item. */
    public static void checkConfigure(@CheckForNull Item item) {
        if (item == null) {
            checkAdminister();
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    public static boolean canConfigure(@CheckForNull Item item) {
        return item == null ? canAdminister() : item.hasPermission(Item.CONFIGURE);
    }
}
