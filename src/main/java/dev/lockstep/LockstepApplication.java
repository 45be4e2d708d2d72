package dev.lockstep;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Lockstep: keeps the same business records consistent across systems. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LockstepApplication {

    public static void main(String[] args) {
        SpringApplication.run(LockstepApplication.class, args);
    }
}
