/**
 * Where a run's network comes from: {@link org.rnd4j.model.ModelSource} (config backbone,
 * checkpoint, DL4J zip, ONNX, or a graph built in Java), the graph frame
 * {@link org.rnd4j.model.RndGraphs}, safe checkpoint files, fine-tuning and the ONNX reader.
 * {@code ModelSource}, {@code Model}, {@code RndGraphs} and {@code Checkpoint} are stable API.
 */
package org.rnd4j.model;
