package org.creditgrid.local.reliability;

import org.creditgrid.local.generate.RecordSink;

/**
 * A record sink between the generator and Kafka that paces the stream at a fixed rate and holds it at given record
 * positions until the chaos driver lets it go on: a round's fault happens at the same point of the stream in every
 * run of a seed, and a sampling plan is drawn at the same point in the reference run and the faulty one.
 */
final class RoundGate implements RecordSink {

    private final RecordSink inner;
    private final double recordsPerSecond;
    private final long[] positions;
    private int reached = -1;
    private int released = -1;
    private long sent;
    private long pacedFrom = System.nanoTime();
    private long pacedSent;

    /** {@code positions}: ascending record counts at which the stream holds; {@code recordsPerSecond} 0: no pacing. */
    RoundGate(RecordSink inner, double recordsPerSecond, long[] positions) {
        this.inner = inner;
        this.recordsPerSecond = recordsPerSecond;
        this.positions = positions.clone();
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestamp) {
        for (int next = reachedCount(); next < positions.length && sent == positions[next]; next++) {
            hold(next);
        }
        inner.send(topic, key, value, timestamp);
        sent++;
        pacedSent++;
        if (recordsPerSecond > 0) {
            long wait = pacedFrom + (long) (pacedSent / recordsPerSecond * 1e9) - System.nanoTime();
            if (wait > 1_000_000) {
                sleep(wait / 1_000_000);
            }
        }
    }

    /** At the end of the stream, the positions not reached count as reached (the driver must not wait for them). */
    void finish() {
        synchronized (this) {
            reached = positions.length - 1;
            notifyAll();
        }
    }

    long sent() {
        return sent;
    }

    private synchronized int reachedCount() {
        return reached + 1;
    }

    private void hold(int index) {
        synchronized (this) {
            reached = index;
            notifyAll();
            while (released < index) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at round position " + positions[index]);
                }
            }
        }
        pacedFrom = System.nanoTime(); // the fixed rate starts again after a hold, with no burst to catch up
        pacedSent = 0;
    }

    /** Blocks until the stream holds at position {@code index} (or has ended). */
    synchronized void awaitReached(int index) throws InterruptedException {
        while (reached < index) {
            wait();
        }
    }

    /** Lets the stream go on past position {@code index}. */
    synchronized void release(int index) {
        released = Math.max(released, index);
        notifyAll();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        inner.close();
    }
}
