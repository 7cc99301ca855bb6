/**
 * All of rnd4j's direct oneDNN 2.5 calls on INDArray memory (JavaCPP's presets), for the operations
 * where libnd4j's own oneDNN path costs more than the work: the eager convolutions
 * ({@link org.rnd4j.onednn.DnnlConv}) and SR's pooling and upsampling. Internal: may change without notice.
 */
package org.rnd4j.onednn;
