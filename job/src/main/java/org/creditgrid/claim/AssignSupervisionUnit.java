package org.creditgrid.claim;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.EnterpriseRegistration;

/**
 * Runs the claim model on every registration before it reaches the enterprise's keyed state, so the keyed operator
 * never touches geometry. The grid is loaded once per instance in {@link #open}.
 */
public class AssignSupervisionUnit extends RichMapFunction<EnterpriseRegistration, EnterpriseInput> {

    private final String gridLocation;
    private transient ClaimModel model;

    public AssignSupervisionUnit(String gridLocation) {
        this.gridLocation = gridLocation;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        model = new ClaimModel(Grid.load(gridLocation));
    }

    @Override
    public EnterpriseInput map(EnterpriseRegistration registration) {
        return EnterpriseInput.newBuilder()
                .setRegistration(registration)
                .setClaim(model.claim(registration))
                .setEvent(null)
                .build();
    }
}
