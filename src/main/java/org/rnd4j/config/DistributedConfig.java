package org.rnd4j.config;

/**
 * Data-parallel training on Apache Spark ({@code train.distributed}): the Spark {@code master}
 * ({@code local[2]}, {@code spark://host:7077}, {@code yarn}), the number of {@code workers} the
 * batches of a round are split over, how many steps each worker takes between parameter
 * averagings ({@code averagingFrequency}) and how many batches a worker prepares ahead
 * ({@code prefetch}). Each worker fits batches of {@code data.batch} examples; one training
 * iteration is one averaging round of {@code workers × averagingFrequency} batches.
 */
public record DistributedConfig(String master, Integer workers, Integer averagingFrequency, Integer prefetch) {}
