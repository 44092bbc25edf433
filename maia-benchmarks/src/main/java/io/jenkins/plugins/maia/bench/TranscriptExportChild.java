package io.jenkins.plugins.maia.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Main class of the transcript-export child JVM (started with a small {@code -Xmx}): renders an existing
 * {@code .jsonl} to {@code .md} and {@code .html} with the follower's {@link TranscriptWriter#render} and prints
 * {@code RESULT <json>} with the time it took and the heap it needed.
 *
 * <p>Peak heap: used heap only grows between collections, so its peak is the largest "used before GC" that the
 * GC notifications report (summed over the heap pools), or the used heap at the end if that is larger. The
 * largest "used after GC" is the most the export kept alive. Arguments: {@code DIR TASK_ID}.
 */
public final class TranscriptExportChild {

    static final String RESULT = "RESULT ";

    private TranscriptExportChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String taskId = args[1];
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        AtomicLong peakBeforeGc = new AtomicLong();
        AtomicLong peakAfterGc = new AtomicLong();
        AtomicLong collections = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                        .getGcInfo();
                peakBeforeGc.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc(), heapPools), Math::max);
                peakAfterGc.accumulateAndGet(heapUsed(info.getMemoryUsageAfterGc(), heapPools), Math::max);
                collections.incrementAndGet();
            }, null, null);
        }
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);

        long start = System.nanoTime();
        Transcripts out = TranscriptWriter.render(dir, taskId);
        long nanos = System.nanoTime() - start;

        long usedAtEnd = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Thread.sleep(500); // GC notifications arrive on another thread
        long poolPeaks = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("renderNanos", nanos);
        result.put("peakUsedBytes", Math.max(peakBeforeGc.get(), usedAtEnd));
        result.put("maxLiveAfterGcBytes", peakAfterGc.get());
        result.put("poolPeaksSumBytes", poolPeaks);
        result.put("heapMaxBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
        result.put("collections", collections.get());
        result.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        result.put("markdownBytes", Files.size(out.markdown()));
        result.put("htmlBytes", Files.size(out.html()));
        System.out.println(RESULT + json.writeValueAsString(result));
        System.out.flush();
    }

    private static long heapUsed(Map<String, MemoryUsage> usage, Set<String> heapPools) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }
}
