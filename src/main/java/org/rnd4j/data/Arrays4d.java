package org.rnd4j.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float arrays into INDArrays with one bulk copy. {@code Nd4j.create(float[], …)} copies element
 * by element in M2.1, which made the data thread compete with the training ops for the CPU.
 */
public final class Arrays4d {
    private Arrays4d() {}

    /** A C-order FLOAT array of {@code shape} holding {@code data}. */
    public static INDArray of(float[] data, long... shape) {
        INDArray a = Nd4j.createUninitializedDetached(DataType.FLOAT, shape);
        a.data().asNioFloat().put(data);
        return a;
    }
}
