package org.rnd4j.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongFunction;

/**
 * Runs a batch source ahead of training on a daemon thread, {@code depth} batches deep, in
 * iteration order. A failure in the source is rethrown by {@link #next()}.
 */
public final class Prefetcher<T> implements AutoCloseable {
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private long next;

    public Prefetcher(LongFunction<T> source, long from, long to, int depth) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, depth));
        this.next = from;
        this.thread = new Thread(() -> {
            try {
                for (long i = from; i < to; i++) {
                    queue.put(new Item(source.apply(i)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                try {
                    queue.put(new Failure(t));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "rnd4j-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    private record Item(Object value) {}

    private record Failure(Throwable error) {}

    /** The next batch, in order. */
    @SuppressWarnings("unchecked")
    public T next() throws InterruptedException {
        Object o = queue.take();
        next++;
        if (o instanceof Failure f) {
            if (f.error() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("data loading failed: " + f.error(), f.error());
        }
        return (T) ((Item) o).value();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
