package io.jenkins.plugins.maia.follower.decision;

import java.util.List;

/**
 * The tool names the vendor documents (maia-contract's CONTRACT-NOTES.md). Not an enum: the vendor's own examples
 * use other names, so an unknown name is used as given, with a warning that may catch a typo before the task runs.
 */
public final class KnownToolNames {

    /** Every documented tool name, in the contract's order. */
    public static final List<String> DOCUMENTED = List.of("git_push", "git_commit", "run_pipeline", "query_warehouse",
            "edit_file", "create_file", "delete_file", "copy_file", "rename_file", "ask_user_question",
            "sample_component", "enter_plan_mode", "exit_plan_mode", "create_custom_connector");

    private KnownToolNames() {}
}
