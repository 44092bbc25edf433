package io.jenkins.plugins.maia.quant.model;

import java.util.List;

/** Response of a delete: more than one task with {@code cascade}. */
public record DeletedQuantTasks(Boolean deleted, Integer deletedCount, List<String> deletedTaskIds) {

    public DeletedQuantTasks {
        deletedTaskIds = deletedTaskIds == null ? List.of() : List.copyOf(deletedTaskIds);
    }
}
