package org.creditgrid.supervision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.creditgrid.schema.DrawPublication;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SamplingPlan;

/**
 * What one plan drew over some enterprises: counts by class and order-independent digests, so the shares of all
 * parallel instances add up to the publication, and anyone re-running the draw can compare.
 */
public final class DrawTally {

    private final Map<String, Long> eligible = classes();
    private final Map<String, Long> drawn = classes();
    private long excluded;
    private long eligibleDigest;
    private long drawnDigest;
    private long understaffed;
    /** One digest for the whole visit of a plan: getInstance per enterprise would cost as much as the draw. */
    private final MessageDigest sha256 = sha256();

    public void add(PlanDraw.Draw d, String creditCode) {
        if (d.excluded()) {
            excluded++;
        }
        if (d.stratum() == null) {
            return;
        }
        long h = hash(sha256, creditCode + "|" + d.stratum());
        eligible.merge(d.stratum().name(), 1L, Long::sum);
        eligibleDigest ^= h;
        if (d.task() != null) {
            drawn.merge(d.stratum().name(), 1L, Long::sum);
            drawnDigest ^= h;
            if (d.task().getTeams().stream().anyMatch(t -> t.getInspectors().size() < 2)) {
                understaffed++;
            }
        }
    }

    /** This share's record; {@code inspectors} is the library the teams were drawn from (the same everywhere). */
    public DrawPublication toRecord(SamplingPlan plan, InspectorLibrary inspectors) {
        return new DrawPublication(plan.getPlanId(), plan.getSeed(), plan.getEventTime(), plan.getRatios(),
                new LinkedHashMap<>(eligible), new LinkedHashMap<>(drawn), excluded, hex(eligibleDigest),
                hex(drawnDigest), understaffed, inspectors.digest(), Instant.now());
    }

    /** Two shares of one plan's publication, added up. */
    public static DrawPublication merge(DrawPublication a, DrawPublication b) {
        DrawPublication m = DrawPublication.newBuilder(a).build();
        b.getEligible().forEach((k, v) -> m.getEligible().merge(k, v, Long::sum));
        b.getDrawn().forEach((k, v) -> m.getDrawn().merge(k, v, Long::sum));
        m.setExcluded(a.getExcluded() + b.getExcluded());
        m.setUnderstaffed(a.getUnderstaffed() + b.getUnderstaffed());
        m.setEligibleDigest(hex(Long.parseUnsignedLong(a.getEligibleDigest(), 16)
                ^ Long.parseUnsignedLong(b.getEligibleDigest(), 16)));
        m.setDrawnDigest(hex(Long.parseUnsignedLong(a.getDrawnDigest(), 16)
                ^ Long.parseUnsignedLong(b.getDrawnDigest(), 16)));
        return m;
    }

    private static Map<String, Long> classes() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (RiskClass c : RiskClass.values()) {
            m.put(c.name(), 0L);
        }
        return m;
    }

    /** The first 8 bytes of SHA-256 of {@code s}. */
    static long hash(MessageDigest sha256, String s) {
        byte[] d = sha256.digest(s.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(long v) {
        return HexFormat.of().toHexDigits(v);
    }
}
