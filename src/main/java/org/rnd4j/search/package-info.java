/** Hyperparameter search on Arbiter's generic engine; each candidate is a real training run. */
package org.rnd4j.search;
