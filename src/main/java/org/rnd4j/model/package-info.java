/**
 * Where a run's network comes from: {@link org.rnd4j.model.ModelSource} (config backbone,
 * checkpoint, DL4J zip, ONNX, or a graph built in Java), safe checkpoint files, fine-tuning, the
 * ONNX reader and the memory estimate of a run. It knows no training loop. {@code ModelSource},
 * {@code Model} and {@code Checkpoint} are stable API.
 */
package org.rnd4j.model;
