package dev.lockstep.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.support.FreshDatabases;
import dev.lockstep.support.Http;
import javax.sql.DataSource;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The shared set-up of the end-to-end tests: the real application on a random port with fresh
 * databases, an HTTP client, and JDBC access to Lockstep's state and to billing. Every subclass
 * shares one Spring context (same configuration), so the application starts once for all of them.
 */
@CamelSpringBootTest
// Spring Boot tests leave metrics exporters off unless asked; the Prometheus endpoint is under test.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = FreshDatabases.class)
abstract class PipelineTestSupport {

    static final String WEBHOOK = "/webhooks/crm/contacts";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate lockstep;

    @Autowired
    @Qualifier("billing")
    DataSource billingDataSource;

    @Autowired
    ObjectMapper json;

    JdbcTemplate billing;
    Http http;

    @BeforeEach
    void connect() {
        billing = new JdbcTemplate(billingDataSource);
        http = new Http(port);
    }
}
