package dev.lockstep.ops;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A read-only window on the demo billing system's customers, so the tour can show the row that
 * arrived without a database client: {@code GET /api/systems/billing/customers/{ref}}.
 */
@RestController
public class BillingCustomersController {

    private static final String ONE = """
            SELECT customer_ref, email, full_name, phone, crm_updated_at, deleted_at, synced_at
            FROM billing_customer WHERE customer_ref = ?""";

    private final JdbcTemplate billing;

    public BillingCustomersController(@Qualifier("billing") DataSource billing) {
        this.billing = new JdbcTemplate(billing);
    }

    @GetMapping("/api/systems/billing/customers/{ref}")
    public ResponseEntity<?> customer(@PathVariable String ref) {
        List<Map<String, Object>> rows = billing.queryForList(ONE, ref);
        return rows.isEmpty()
                ? ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no billing customer " + ref))
                : ResponseEntity.ok(rows.get(0));
    }
}
