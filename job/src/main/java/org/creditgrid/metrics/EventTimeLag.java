package org.creditgrid.metrics;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * {@code creditgrid_event_time_lag_seconds}: how far the latest event time the operator has processed is behind the
 * wall clock, in seconds (FLIP-33's {@code currentEmitEventTimeLag}, at the enterprise operator); -1 before its first
 * record. A replay of last year reads about a year; a live feed, the time from the event to its processing. Set from
 * the task thread, read by the reporter.
 */
public final class EventTimeLag {

    private volatile long latest = Long.MIN_VALUE;

    private EventTimeLag() {}

    /** Registers the gauge in {@code operatorGroup}'s {@code creditgrid} group. */
    public static EventTimeLag register(MetricGroup operatorGroup) {
        EventTimeLag lag = new EventTimeLag();
        operatorGroup.addGroup("creditgrid").gauge("event_time_lag_seconds", (Gauge<Long>) lag::seconds);
        return lag;
    }

    /** A record's event time, epoch ms (null: a record without one, ignored). */
    public void processed(Long epochMs) {
        if (epochMs != null && epochMs > latest) {
            latest = epochMs;
        }
    }

    long seconds() {
        long t = latest;
        return t == Long.MIN_VALUE ? -1 : Math.max(0, (System.currentTimeMillis() - t) / 1000);
    }
}
