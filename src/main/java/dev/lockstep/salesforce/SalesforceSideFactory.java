package dev.lockstep.salesforce;

import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.mapping.TwoWayMapping.Connector;
import dev.lockstep.twoway.Side;
import dev.lockstep.twoway.SideFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/** Builds the Salesforce sides of two-way mappings ({@code object:} systems), while Salesforce is configured. */
@Component
@Conditional(SalesforceConfigured.class)
public class SalesforceSideFactory implements SideFactory {

    private final SalesforceApi api;

    public SalesforceSideFactory(SalesforceApi api) {
        this.api = api;
    }

    @Override
    public Connector connector() {
        return Connector.SALESFORCE;
    }

    @Override
    public Side create(TwoWayMapping mapping, TwoWayMapping.SystemTable system) {
        return new SalesforceSide(mapping, system, api);
    }
}
