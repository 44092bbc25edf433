package io.jenkins.plugins.maia.agenttasks.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One task of a build as its Maia page shows it. Immutable: a change makes a new record, so {@code build.xml} can be
 * written (under the run's lock, from any thread) while a step's thread records a change (under the action's lock)
 * without either seeing half of the other. A final class rather than a record: XStream, which writes
 * {@code build.xml}, cannot set a record's fields.
 */
public final class MaiaTaskRecord {

    private final String taskId;
    private final String baseUrl;
    private final String status;
    private final String outcome;
    private final String detail;
    private final String targetBranchName;
    private final List<String> transcriptPaths;
    /** Each decision settled for the task, as one line: what, how, by whom (a rule or a person). */
    private final List<String> decisions;

    MaiaTaskRecord(String taskId, String baseUrl, String status, String outcome, String detail,
            String targetBranchName, List<String> transcriptPaths, List<String> decisions) {
        this.taskId = taskId;
        this.baseUrl = baseUrl;
        this.status = status;
        this.outcome = outcome;
        this.detail = detail;
        this.targetBranchName = targetBranchName;
        this.transcriptPaths = transcriptPaths == null ? List.of() : List.copyOf(transcriptPaths);
        this.decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    static MaiaTaskRecord started(String taskId, String baseUrl) {
        return new MaiaTaskRecord(taskId, baseUrl, null, null, null, null, List.of(), List.of());
    }

    /** Following again (a resume after an input, a follow-up): the earlier outcome no longer holds. */
    MaiaTaskRecord following() {
        return new MaiaTaskRecord(taskId, baseUrl, status, null, null, targetBranchName, transcriptPaths, decisions);
    }

    MaiaTaskRecord withStatus(String newStatus, @CheckForNull String branch) {
        return new MaiaTaskRecord(taskId, baseUrl, newStatus, outcome, detail,
                branch == null ? targetBranchName : branch, transcriptPaths, decisions);
    }

    MaiaTaskRecord withDecision(String line) {
        List<String> more = new ArrayList<>(getDecisions());
        more.add(line);
        return new MaiaTaskRecord(taskId, baseUrl, status, outcome, detail, targetBranchName, transcriptPaths, more);
    }

    MaiaTaskRecord ended(@CheckForNull String newStatus, String newOutcome, String newDetail,
            @CheckForNull String branch, List<String> paths) {
        return new MaiaTaskRecord(taskId, baseUrl, newStatus == null ? status : newStatus, newOutcome, newDetail,
                branch == null ? targetBranchName : branch, paths.isEmpty() ? transcriptPaths : paths, decisions);
    }

    public String getTaskId() {
        return taskId;
    }

    /** The task's API address (the API documents no web page per task). */
    public @CheckForNull String getTaskUrl() {
        return baseUrl == null ? null : baseUrl + "/v1/ai/agents/tasks/" + taskId;
    }

    public String getStatus() {
        return status == null ? "starting" : status;
    }

    @CheckForNull
    String rawStatus() {
        return status;
    }

    public @CheckForNull String getOutcome() {
        return outcome;
    }

    public @CheckForNull String getDetail() {
        return detail;
    }

    public @CheckForNull String getTargetBranchName() {
        return targetBranchName;
    }

    public List<String> getTranscriptPaths() {
        return transcriptPaths == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(transcriptPaths));
    }

    public List<String> getDecisions() {
        return decisions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(decisions));
    }

    /** The archived transcript with {@code suffix} ({@code .md}, {@code .html}), or null. */
    @CheckForNull
    public String transcriptPath(String suffix) {
        for (String p : getTranscriptPaths()) {
            if (p.endsWith(suffix)) {
                return p;
            }
        }
        return null;
    }
}
