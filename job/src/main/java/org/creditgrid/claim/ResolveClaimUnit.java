package org.creditgrid.claim;

import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.io.DeadLetters;
import org.creditgrid.schema.ClaimAction;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.GridVersion;

/**
 * Resolves the unit named by a historical claim or by a unit's answer to a manual-claim case against the grid in force
 * ({@link GridInForce}: the {@code --grid} file until a version is published on {@code grid-units}),
 * before the input reaches the enterprise's keyed state (which never touches the grid). A unit the grid does not
 * have is a dead letter ({@code UNKNOWN_UNIT}) with the record's bytes.
 */
public class ResolveClaimUnit extends BroadcastProcessFunction<EnterpriseInput, GridVersion, EnterpriseInput> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("claim-unit-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
    public static final String UNKNOWN_UNIT = org.creditgrid.io.Rejection.UNKNOWN_UNIT;

    private final String gridLocation;
    private final String historyTopic;
    private final String responsesTopic;
    private final AvroCodec<ClaimHistory> historyCodec = AvroCodec.of(ClaimHistory.class);
    private final AvroCodec<ClaimResponse> responseCodec = AvroCodec.of(ClaimResponse.class);
    private transient GridInForce grids;

    public ResolveClaimUnit(String gridLocation, String historyTopic, String responsesTopic) {
        this.gridLocation = gridLocation;
        this.historyTopic = historyTopic;
        this.responsesTopic = responsesTopic;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        grids = new GridInForce(Grid.load(gridLocation));
    }

    @Override
    public void processBroadcastElement(GridVersion grid, Context ctx, Collector<EnterpriseInput> out)
            throws Exception {
        grids.put(ctx.getBroadcastState(GridInForce.GRID), grid);
    }

    @Override
    public void processElement(EnterpriseInput input, ReadOnlyContext ctx, Collector<EnterpriseInput> out)
            throws Exception {
        ClaimModel model = grids.model(ctx.getBroadcastState(GridInForce.GRID));
        ClaimHistory h = input.getHistory();
        ClaimResponse r = input.getResponse();
        Optional<Claim> claim = h != null
                ? model.byUnit(ClaimMethod.HISTORY, h.getUnitId(), "historical claim " + h.getRecordId()
                        + (h.getSource().isBlank() ? "" : " (" + h.getSource() + ")"))
                : model.byUnit(ClaimMethod.MANUAL, r.getUnitId(), "claimed by unit " + r.getUnitId()
                        + " (case " + r.getRequestId() + ")");
        if (claim.isPresent()) {
            input.setClaim(claim.get());
            if (h != null) {
                claim.get().setSince(h.getClaimedAt());
            }
            out.collect(input);
            return;
        }
        String unit = h != null ? h.getUnitId() : r.getUnitId();
        String code = h != null ? h.getCreditCode() : r.getCreditCode();
        ctx.output(DEAD_LETTERS, DeadLetters.reencoded(h != null ? historyTopic : responsesTopic,
                h != null ? h.getClaimedAt().toEpochMilli() : r.getEventTime().toEpochMilli(), UNKNOWN_UNIT,
                (h != null ? "ClaimHistory " + h.getRecordId() : "ClaimResponse " + r.getResponseId()
                        + " (" + (r.getAction() == ClaimAction.CLAIM ? "claim" : "return") + ")")
                        + ": unit " + unit + " is not in grid "
                        + grids.grid(ctx.getBroadcastState(GridInForce.GRID)).version(),
                code, h != null ? historyCodec.encode(h) : responseCodec.encode(r)));
    }
}
