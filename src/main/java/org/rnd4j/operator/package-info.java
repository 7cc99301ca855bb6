/**
 * Degradations {@code A} with their exact pseudo-inverses {@code A†} behind one interface,
 * {@link org.rnd4j.operator.Degradation}, used the same way by data generation, the graph and
 * evaluation. Stable API.
 */
package org.rnd4j.operator;
