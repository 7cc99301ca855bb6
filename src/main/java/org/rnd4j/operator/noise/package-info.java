/**
 * Observation noise models, apart from the linear maps ({@link org.rnd4j.operator.Noisy} adds one
 * to any operator and scales the projection for it). Nothing here knows an operator.
 */
package org.rnd4j.operator.noise;
