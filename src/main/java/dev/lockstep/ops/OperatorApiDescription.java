package dev.lockstep.ops;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title of the OpenAPI description served at {@code /v3/api-docs} (browsable at {@code /swagger-ui.html}). */
@Configuration
public class OperatorApiDescription {

    @Bean
    OpenAPI lockstepOperatorApi() {
        return new OpenAPI().info(new Info().title("Lockstep operator API").version("v1")
                .description("Pairs (state, counts, backlog; pause and resume), events and records, dead letters "
                        + "(list, replay, discard), quarantine, previews. Every error is JSON: {\"error\": \"...\"}."));
    }
}
