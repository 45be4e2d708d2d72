package dev.lockstep.check;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Checks the route files at start-up, before Camel reads them, and stops start-up listing every
 * problem of every file.
 *
 * <p>Why here: camel-spring-boot loads the route files when the application context has been
 * refreshed (on {@code ContextRefreshedEvent}), and calls {@code CamelContextConfiguration
 * .beforeApplicationStart} only after it has loaded them. {@link SmartInitializingSingleton} runs
 * earlier — once every singleton exists, before the refresh completes — so every bean name is
 * known, the {@link Environment} is complete, and no route has been read or started. Without it, a
 * wrong file stops start-up with Camel's first error only, and a misspelt bean or endpoint is
 * found only when the first message reaches it.
 */
@Component
public class RouteFileStartupCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RouteFileStartupCheck.class);

    private final ConfigurableListableBeanFactory beans;
    private final Environment environment;

    RouteFileStartupCheck(ConfigurableListableBeanFactory beans, Environment environment) {
        this.beans = beans;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        long start = System.nanoTime();
        List<ConfigProblem> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidRouteFilesException(problems);
        }
        log.info("Checked the route files in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** Every problem of every route file as they are on disk now; also used before a development reload. */
    public List<ConfigProblem> problems() {
        // LockstepFolders has made this absolute and checked the folder exists.
        Path folder = Path.of(environment.getRequiredProperty("lockstep.routes-dir"));
        return new RouteFileChecker(beanNames(), environment).check(RouteFileChecker.routeFiles(folder));
    }

    /** Every name a route may use for a bean: bean definitions, their aliases, and singletons registered directly. */
    private Set<String> beanNames() {
        Set<String> names = new TreeSet<>(Arrays.asList(beans.getBeanDefinitionNames()));
        for (String name : beans.getBeanDefinitionNames()) {
            names.addAll(Arrays.asList(beans.getAliases(name)));
        }
        names.addAll(Arrays.asList(beans.getSingletonNames()));
        return names;
    }
}
