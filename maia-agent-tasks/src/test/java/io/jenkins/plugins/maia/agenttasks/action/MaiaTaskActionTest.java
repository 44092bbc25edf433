package io.jenkins.plugins.maia.agenttasks.action;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** build.xml can be written while another thread records Maia changes; nothing is lost or half-written. */
@WithJenkins
class MaiaTaskActionTest {

    @Test
    void savingTheBuildWhileTasksChangeNeitherFailsNorLosesAChange(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        MaiaTaskAction action = MaiaTaskAction.of(b);
        action.started("task-a", "http://127.0.0.1:1");
        action.started("task-b", "http://127.0.0.1:1");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (String task : List.of("task-a", "task-b")) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        action.status(task, "RUNNING " + i, null);
                        action.decided(task, "tool t" + i + " approved once by policy");
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    b.save();
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get(); // rethrows a ConcurrentModificationException from build.xml writing, if any
            }
        } finally {
            pool.shutdownNow();
        }
        b.save();
        FreeStyleBuild reloaded = j.jenkins.getItemByFullName(p.getFullName(), FreeStyleProject.class)
                .getBuildByNumber(b.getNumber());
        reloaded.reload();
        MaiaTaskAction loaded = reloaded.getAction(MaiaTaskAction.class);
        assertThat(loaded.getTasks()).extracting(MaiaTaskRecord::getTaskId).containsExactly("task-a", "task-b");
        assertThat(loaded.getTasks()).allSatisfy(t -> {
            assertThat(t.getStatus()).isEqualTo("RUNNING 299");
            assertThat(t.getDecisions()).hasSize(300).endsWith("tool t299 approved once by policy");
        });
    }
}
