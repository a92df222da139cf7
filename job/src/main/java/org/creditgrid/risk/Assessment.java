package org.creditgrid.risk;

import java.util.List;
import org.creditgrid.schema.Reason;
import org.creditgrid.schema.RiskClass;

/** The risk model's verdict on one enterprise at one instant: score, class and the reasons that make them up. */
public record Assessment(int score, RiskClass riskClass, List<Reason> reasons, String rulesVersion) {}
