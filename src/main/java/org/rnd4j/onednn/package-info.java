/**
 * oneDNN 2.5 called directly on INDArray memory (JavaCPP's presets), for the operations where
 * libnd4j's own oneDNN path costs more than the work: the eager convolutions and SR's pooling and
 * upsampling. Internal: may change without notice.
 */
package org.rnd4j.onednn;
