package org.rnd4j.operator;

import org.rnd4j.config.TaskSettings;

/**
 * The settings record of a task type that is an operator: bound from the config's task section,
 * it builds the {@link Degradation} it describes. Adding an operator is its class, a nested
 * record implementing this, and one line in {@link Operators} (or, from a plugin jar, a
 * {@link org.rnd4j.config.TaskTypes} provider); its {@link Degradation#spec()} then returns
 * {@link OperatorSpec#of} so checkpoints rebuild it through the same record.
 */
public interface OperatorSettings extends TaskSettings {
    /** The operator these resolved settings describe (random parts drawn from their seeds). */
    Degradation create();
}
