package dev.lockstep;

import dev.lockstep.check.LockstepCheck;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Lockstep: keeps the same business records consistent across systems. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LockstepApplication {

    public static void main(String[] args) {
        if (args.length > 0 && "check".equals(args[0])) {
            // Checks route and mapping files and exits, before Spring starts anything.
            LockstepCheck.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(LockstepApplication.class, args);
    }
}
