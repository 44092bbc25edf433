package io.jenkins.plugins.maia.agenttasks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Routine progress is saved at most once per interval; the save that waits takes the latest progress. */
class ProgressSavesTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ProgressSaves saves = new ProgressSaves(Duration.ofSeconds(10), now::get);

    @Test
    void theFirstProgressSavesAtOnceAndTheNextWithinTheIntervalWaits() {
        assertThat(saves.progressed()).isInstanceOf(ProgressSaves.SaveNow.class);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(saves.progressed()).isEqualTo(new ProgressSaves.SaveLater(Duration.ofSeconds(7)));
        assertThat(saves.progressed()).isInstanceOf(ProgressSaves.AlreadyScheduled.class);
        assertThat(saves.progressed()).isInstanceOf(ProgressSaves.AlreadyScheduled.class);
        now.addAndGet(Duration.ofSeconds(7).toNanos());
        saves.scheduledSaveRuns();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(saves.progressed()).isEqualTo(new ProgressSaves.SaveLater(Duration.ofSeconds(9)));
    }

    @Test
    void aDurableSaveRestartsTheIntervalAndAFailedScheduleLetsTheNextProgressTryAgain() {
        saves.durableSave();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(saves.progressed()).isEqualTo(new ProgressSaves.SaveLater(Duration.ofSeconds(6)));
        saves.scheduleFailed();
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(saves.progressed()).isInstanceOf(ProgressSaves.SaveNow.class);
    }

    @Test
    void aThousandMessagesInTenSecondsCostTwoSaves() {
        int saved = 0;
        for (int i = 0; i < 1_000; i++) {
            ProgressSaves.Plan plan = saves.progressed();
            if (!(plan instanceof ProgressSaves.AlreadyScheduled)) {
                saved++;
            }
            now.addAndGet(Duration.ofMillis(10).toNanos());
        }
        assertThat(saved).isEqualTo(2);
    }
}
