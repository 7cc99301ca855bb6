/**
 * The training losses ({@code train.loss}) behind one interface, {@link org.rnd4j.loss.Loss}, with a
 * registry ({@link org.rnd4j.loss.Losses}): {@code mse} ({@link org.rnd4j.loss.MseLoss}), {@code l1}
 * and {@code charbonnier} ({@link org.rnd4j.loss.PixelLoss}), and a plugin's, found like backbones.
 * {@code Loss}, {@code Losses}, {@code MseLoss} and {@code PixelLoss} are stable API; the runtimes are internal.
 */
package org.rnd4j.loss;
