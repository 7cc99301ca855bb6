/**
 * Degradations {@code A} with their exact pseudo-inverses {@code A†} behind one interface,
 * {@link org.rnd4j.operator.Degradation}, used the same way by data generation, the graph and
 * evaluation. Each operator's nested {@code Settings} record is its config section;
 * {@link org.rnd4j.operator.Operators} registers them (one line each) and rebuilds checkpoints'
 * operators from {@link org.rnd4j.operator.OperatorSpec}. Random draws and noise live apart, in
 * {@code generator} and {@code noise}. Stable API.
 */
package org.rnd4j.operator;
