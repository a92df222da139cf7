package org.creditgrid.claim;

/** A territorial supervision unit of the grid. */
public record GridUnit(String unitId, String unitName, String districtCode, String districtName) {}
