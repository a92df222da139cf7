package org.creditgrid.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.identity.Divisions;
import org.creditgrid.internal.Claim;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.EnterpriseRegistration;

/**
 * The smart claim model: which territorial unit supervises an enterprise, and by what evidence.
 *
 * <p>Order of evidence (docs/domain.md): (1) standard-address match, (2) the registration's coordinates,
 * point-in-polygon after converting to the grid's CRS, (3) the enterprise's historical claim, (4) otherwise the
 * manual-claim queue with the reason and the candidate units. (1) needs the address database in keyed state:
 * {@link StandardAddressMatch} applies {@link #byStandardAddress} over what this class decided; (3) is the
 * enterprise's own history, joined in its keyed state after {@link ResolveClaimUnit} resolved the unit with
 * {@link #byUnit}.
 *
 * <p>The candidate units of a case are those of one district: the one that registered the enterprise (positions 3-8
 * of its credit code, followed to its successor when the division was merged or renamed since), or, when that names
 * no district of the grid (a city-level authority 440100 or 440101, a district of another city), the district of the
 * address (coordinates inside the grid would have claimed the enterprise by themselves). The unit whose street or town the address names is asked first. When no district
 * can be told the case has no candidate, and its detail says why.
 */
public final class ClaimModel {

    /** A unit's name less the word for its kind: 石牌街道 → 石牌, the stem a registrant writes before the road. */
    private static final java.util.regex.Pattern UNIT_KIND = java.util.regex.Pattern.compile("(街道|镇|监管单元)$");

    private final Grid grid;
    private final Divisions divisions;

    public ClaimModel(Grid grid) {
        this(grid, Divisions.standard());
    }

    public ClaimModel(Grid grid, Divisions divisions) {
        this.grid = grid;
        this.divisions = divisions;
    }

    public Claim claim(EnterpriseRegistration registration) {
        Coordinates c = registration.getCoordinates();
        if (c == null) {
            return unclaimed(ClaimReason.NO_EVIDENCE, "no standard-address match and no coordinates",
                    candidates(registration));
        }
        Optional<GridUnit> unit = grid.lookup(c.getLon(), c.getLat(), c.getCrs());
        if (unit.isEmpty()) {
            return unclaimed(ClaimReason.OUTSIDE_GRID, String.format(Locale.ROOT,
                    "point %.6f,%.6f (%s) lies outside every unit of grid %s", c.getLon(), c.getLat(), c.getCrs(),
                    grid.version()), candidates(registration));
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
     * nothing: the enterprise goes to the manual-claim queue, with the units of the address's district (its successor
     * if the district was merged) as candidates, the unit the address named first.
     */
    public Claim abnormalAddress(org.creditgrid.schema.StandardAddress entry) {
        String district = divisions.current(entry.getDistrictCode()).map(Divisions.Division::code)
                .orElse(entry.getDistrictCode());
        List<String> units = first(district, u -> u.unitId().equals(entry.getUnitId()));
        return unclaimed(ClaimReason.ABNORMAL_ADDRESS, "standard address " + entry.getAddressId()
                + " is flagged abnormal", new Candidates(units.isEmpty() ? null : district, units,
                units.isEmpty() ? "; no candidate unit: district " + entry.getDistrictCode() + " has no unit in grid "
                        + grid.version() : ""));
    }

    /** The district and units a case goes to, and what the detail should add (how the district was found, or why none). */
    record Candidates(String district, List<String> units, String note) {}

    /** The candidate units of an enterprise no evidence places (see the class comment). */
    Candidates candidates(EnterpriseRegistration r) {
        String division = CreditCode.divisionCode(r.getCreditCode());
        Optional<Divisions.Division> named = divisions.of(division);
        Optional<Divisions.Division> current = divisions.current(division);
        AddressText.Parts address = AddressText.parse(r.getAddress());
        if (current.isPresent() && !grid.unitsOfDistrict(current.get().code()).isEmpty()) {
            String note = named.get().current() ? "" : "; registered in " + division + " " + named.get().name()
                    + ", now " + current.get().code() + " " + current.get().name();
            return new Candidates(current.get().code(), ranked(current.get().code(), address), note);
        }
        String why = named.isEmpty() ? "names no division"
                : named.get().aboveCounty() ? "is the city-level authority " + divisions.displayName(division)
                : "is " + named.get().name() + ", outside grid " + grid.version();
        // Coordinates inside the grid claim the enterprise outright (claim()), so what is left to tell is the address.
        if (address.districtCode() != null && !grid.unitsOfDistrict(address.districtCode()).isEmpty()) {
            return new Candidates(address.districtCode(), ranked(address.districtCode(), address),
                    "; credit-code division " + division + " " + why + ": district of the address ("
                            + address.district() + ")");
        }
        return new Candidates(null, List.of(), "; no candidate unit: credit-code division " + division + " " + why
                + ", the coordinates place it in no unit, and the address names no district of grid " + grid.version());
    }

    /** The units of a district, the one whose street or town the address names first. */
    private List<String> ranked(String district, AddressText.Parts address) {
        String said = (address.town() == null ? "" : address.town()) + (address.road() == null ? "" : address.road());
        return first(district, u -> {
            String stem = UNIT_KIND.matcher(u.unitName()).replaceAll("");
            return !stem.isEmpty() && said.startsWith(stem);
        });
    }

    /** The unit ids of a district in grid order, the first unit that {@code asked} holds for moved to the front. */
    private List<String> first(String district, java.util.function.Predicate<GridUnit> asked) {
        List<String> units = new ArrayList<>();
        String named = null;
        for (GridUnit u : grid.unitsOfDistrict(district)) {
            if (named == null && asked.test(u)) {
                named = u.unitId();
            } else {
                units.add(u.unitId());
            }
        }
        if (named != null) {
            units.add(0, named);
        }
        return units;
    }

    private static Claim unclaimed(ClaimReason reason, String detail, Candidates candidates) {
        return Claim.newBuilder()
                .setMethod(ClaimMethod.UNCLAIMED)
                .setUnclaimedReason(reason)
                .setDetail(detail + candidates.note())
                .setCandidateUnits(candidates.units())
                .setCandidateDistrict(candidates.district())
                .build();
    }
}
