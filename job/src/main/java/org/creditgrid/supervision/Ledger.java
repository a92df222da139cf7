package org.creditgrid.supervision;

import java.util.List;
import org.creditgrid.schema.EnforcementEvent;

/** The ledger of an enterprise's enforcement records: sorted by event time, each event id once. */
final class Ledger {

    private Ledger() {}

    /** Inserts {@code e} in event-time order; false if an event with the same id is already there. */
    static boolean add(List<EnforcementEvent> ledger, EnforcementEvent e) {
        int at = ledger.size();
        for (int i = ledger.size() - 1; i >= 0; i--) {
            EnforcementEvent other = ledger.get(i);
            if (other.getEventId().equals(e.getEventId())) {
                return false;
            }
            if (other.getEventTime().isAfter(e.getEventTime())) {
                at = i;
            }
        }
        ledger.add(at, e);
        return true;
    }
}
