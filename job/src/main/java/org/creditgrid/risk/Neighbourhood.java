package org.creditgrid.risk;

/**
 * What an enterprise's groups last told it about the others: how many enterprises share its registered address
 * (itself included), and how many enterprises sharing its legal representative are flagged (D-class on their own
 * record, or on the serious list).
 */
public record Neighbourhood(int addressMembers, int flaggedRelatives) {

    public static final Neighbourhood NONE = new Neighbourhood(0, 0);
}
