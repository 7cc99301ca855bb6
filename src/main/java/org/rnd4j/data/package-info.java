/**
 * Images in and out (decoding, PNG writing), in-memory image sets, training patches and the
 * background prefetcher. {@code Images}, {@code Image} and {@code ImageSet} are stable API; the rest is internal.
 */
package org.rnd4j.data;
