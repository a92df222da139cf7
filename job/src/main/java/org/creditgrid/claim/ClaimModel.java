package org.creditgrid.claim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.internal.Claim;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.EnterpriseRegistration;

/**
 * The smart claim model: which territorial unit supervises an enterprise, and by what evidence.
 *
 * <p>Order of evidence (RULES.md): (1) standard-address match, (2) the registration's coordinates, point-in-polygon
 * after converting to the grid's CRS, (3) the enterprise's historical claim, (4) otherwise the manual-claim queue with
 * the reason and the candidate units (those of the district in the credit code). (1) needs the address database in
 * keyed state: {@link StandardAddressMatch} applies {@link #byStandardAddress} over what this class decided; (3) is
 * the enterprise's own history, joined in its keyed state after {@link ResolveClaimUnit} resolved the unit with
 * {@link #byUnit}.
 */
public final class ClaimModel {

    private final Grid grid;

    public ClaimModel(Grid grid) {
        this.grid = grid;
    }

    public Claim claim(EnterpriseRegistration registration) {
        Coordinates c = registration.getCoordinates();
        String division = CreditCode.divisionCode(registration.getCreditCode());
        List<String> candidates = grid.unitsOfDistrict(division).stream().map(GridUnit::unitId).toList();
        if (c == null) {
            return unclaimed(ClaimReason.NO_EVIDENCE,
                    "no standard-address match and no coordinates", candidates);
        }
        Optional<GridUnit> unit = grid.lookup(c.getLon(), c.getLat(), c.getCrs());
        if (unit.isEmpty()) {
            return unclaimed(ClaimReason.OUTSIDE_GRID, String.format(Locale.ROOT,
                    "point %.6f,%.6f (%s) lies outside every unit of grid %s", c.getLon(), c.getLat(), c.getCrs(),
                    grid.version()), candidates);
        }
        GridUnit u = unit.get();
        return Claim.newBuilder()
                .setMethod(ClaimMethod.COORDINATES)
                .setUnitId(u.unitId())
                .setUnitName(u.unitName())
                .setDistrictCode(u.districtCode())
                .setDistrictName(u.districtName())
                .setUnclaimedReason(null)
                .setDetail("point-in-polygon on grid " + grid.version())
                .setCandidateUnits(List.of())
                .build();
    }

    /**
     * The claim by a standard-address entry, or null when the entry cannot decide (withdrawn, flagged abnormal, or
     * naming a unit this grid does not have).
     */
    public Claim byStandardAddress(org.creditgrid.schema.StandardAddress entry) {
        if (entry == null || entry.getDeleted() || entry.getAbnormal()) {
            return null;
        }
        Optional<GridUnit> unit = grid.unit(entry.getUnitId());
        if (unit.isEmpty()) {
            return null;
        }
        GridUnit u = unit.get();
        return Claim.newBuilder()
                .setMethod(ClaimMethod.STANDARD_ADDRESS)
                .setUnitId(u.unitId())
                .setUnitName(u.unitName())
                .setDistrictCode(u.districtCode())
                .setDistrictName(u.districtName())
                .setUnclaimedReason(null)
                .setDetail("standard address " + entry.getAddressId())
                .setCandidateUnits(List.of())
                .build();
    }

    /**
     * A claim naming a unit by id (a historical claim, a unit's answer to a manual-claim case); empty when this grid
     * has no such unit.
     */
    public Optional<Claim> byUnit(ClaimMethod method, String unitId, String detail) {
        return grid.unit(unitId).map(u -> Claim.newBuilder()
                .setMethod(method)
                .setUnitId(u.unitId())
                .setUnitName(u.unitName())
                .setDistrictCode(u.districtCode())
                .setDistrictName(u.districtName())
                .setUnclaimedReason(null)
                .setDetail(detail)
                .setCandidateUnits(List.of())
                .build());
    }

    /**
     * An address the database flags as abnormal (not found, demolished, a cluster-registration address) is evidence of
     * nothing: the enterprise goes to the manual-claim queue, with the units of the address's district as candidates.
     */
    public Claim abnormalAddress(org.creditgrid.schema.StandardAddress entry) {
        return unclaimed(ClaimReason.ABNORMAL_ADDRESS, "standard address " + entry.getAddressId()
                + " is flagged abnormal", grid.unitsOfDistrict(entry.getDistrictCode()).stream()
                .map(GridUnit::unitId).toList());
    }

    private static Claim unclaimed(ClaimReason reason, String detail, List<String> candidates) {
        return Claim.newBuilder()
                .setMethod(ClaimMethod.UNCLAIMED)
                .setUnclaimedReason(reason)
                .setDetail(detail)
                .setCandidateUnits(candidates)
                .build();
    }
}
