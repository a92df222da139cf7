package org.creditgrid.risk;

import java.util.List;
import org.creditgrid.schema.Reason;
import org.creditgrid.schema.RiskClass;

/**
 * The risk model's verdict on one enterprise at one instant: score, class and the reasons that make them up, and
 * {@code validUntil}, the first later instant (epoch ms) at which it changes by the passing of time alone (a record
 * expiring, an age threshold, an escalation); {@link Long#MAX_VALUE} if none. {@code flagsRelatives}: on the serious
 * list, or D-class on its own record (the relationships dimension aside), so enterprises sharing its legal
 * representative score the relationships indicator.
 */
public record Assessment(int score, RiskClass riskClass, List<Reason> reasons, String rulesVersion, long validUntil,
                         boolean flagsRelatives) {}
