package org.creditgrid.identity;

/**
 * Which of an enterprise's registration records is in force: the one with the latest event time, and at equal times
 * the one with the greater event id (any fixed order would do; it must be the same in every operator that follows
 * registrations, which read them in different orders — the enterprise operator after the standard-address join, keyed
 * by address; the address memberships straight from the claim model).
 */
public final class Registrations {

    private Registrations() {}

    /**
     * Whether a registration at {@code time} (epoch ms) with {@code eventId} is newer than one at
     * {@code otherTime} with {@code otherEventId}.
     */
    public static boolean newer(long time, String eventId, long otherTime, String otherEventId) {
        return time > otherTime || time == otherTime && eventId.compareTo(otherEventId) > 0;
    }

    /** Whether registration {@code a} is newer than {@code b} (see {@link #newer(long, String, long, String)}). */
    public static boolean newer(org.creditgrid.schema.EnterpriseRegistration a,
                                org.creditgrid.schema.EnterpriseRegistration b) {
        return newer(a.getEventTime().toEpochMilli(), a.getEventId(), b.getEventTime().toEpochMilli(), b.getEventId());
    }
}
