/**
 * Mirrors Maia agent tasks to a Quant task list: {@link io.jenkins.plugins.maia.quant.mirror.QuantMirror} (one per
 * run or per controller), {@link io.jenkins.plugins.maia.quant.mirror.MirroredTask} (one per Maia task, with a
 * {@code FollowListener}), and the {@link io.jenkins.plugins.maia.quant.mirror.MirrorReport} of what could not be
 * written. Writes go out on the mirror's own thread and budget, so a slow or failing Quant never touches a follow.
 */
package io.jenkins.plugins.maia.quant.mirror;
