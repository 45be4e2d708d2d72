package dev.lockstep.scale;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/leases}: which replica consumes which pair now. Every replica answers the same
 * (the table is shared); {@code replica} names the one that answered and {@code mine} marks its leases.
 */
@RestController
@RequestMapping("/api")
public class LeasesController {

    private final PairLeases leases;
    private final LeaseClusterService service;

    public LeasesController(PairLeases leases, LeaseClusterService service) {
        this.leases = leases;
        this.service = service;
    }

    @GetMapping("/leases")
    public Map<String, Object> leases() {
        String me = service.holder();
        List<Map<String, Object>> all = leases.all().stream().map(row -> {
            Map<String, Object> lease = new LinkedHashMap<>();
            lease.put("name", row.get("name"));
            lease.put("holder", row.get("holder"));
            lease.put("live", row.get("live"));
            lease.put("mine", me.equals(row.get("holder")));
            lease.put("acquiredAt", row.get("acquired_at"));
            lease.put("renewedAt", row.get("renewed_at"));
            lease.put("expiresAt", row.get("expires_at"));
            return lease;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replica", me);
        body.put("leases", all);
        return body;
    }
}
