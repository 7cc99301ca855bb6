/**
 * The training loop ({@link org.rnd4j.train.Trainer}, handed a model by a
 * {@link org.rnd4j.model.ModelSource}), optimizers and learning-rate schedules. {@code Trainer} and
 * {@code Optimizers} are stable API.
 */
package org.rnd4j.train;
