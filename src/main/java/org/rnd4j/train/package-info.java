/**
 * The training loop ({@link org.rnd4j.train.Trainer}, handed a model by a
 * {@link org.rnd4j.model.ModelSource}): steps, checkpoints, logs, the moving average and a
 * fine-tune's before/after table. It writes no report: its callers do
 * ({@code Report.forRun}). {@code Trainer} is stable API; {@code CosineSchedule} and
 * {@code WarmupSchedule} here only keep older checkpoints readable (see {@code org.rnd4j.graph}).
 */
package org.rnd4j.train;
