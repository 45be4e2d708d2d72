package dev.lockstep.check;

import ch.qos.logback.classic.Level;
import dev.lockstep.config.LockstepFolders;
import dev.lockstep.mapping.InvalidMappingException;
import dev.lockstep.mapping.MappingRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.MethodMetadata;

/**
 * {@code lockstep check}: checks every route and mapping file without starting anything — no
 * Spring context, no route, no database, no web server — and exits 0 with one "OK" line, or 1
 * with one line per problem ({@code file:line:column: message (fix: hint)}).
 *
 * <p>It sees what start-up would see: the configuration is read by Spring Boot's own config-data
 * loader (application.yaml, profiles, environment variables, {@code --key=value} arguments), the
 * folders are resolved by {@link LockstepFolders}, and bean names come from scanning
 * {@code dev.lockstep} for components and {@code @Bean} methods, as the application context does.
 */
public final class LockstepCheck {

    /** Beans Camel itself provides that a route may name. */
    static final Set<String> CAMEL_BEANS = Set.of("camelContext");

    private static final String BASE_PACKAGE = "dev.lockstep";

    private LockstepCheck() {
    }

    /** The command line: {@code java -jar lockstep.jar check [--key=value ...]}. */
    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the check; returns the exit code: 0 all well, 1 problems (each printed to {@code out}),
     * 2 the check could not run (a folder is missing).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ConfigurableEnvironment environment;
        try {
            environment = environment(args);
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
        Path routes = Path.of(environment.getRequiredProperty("lockstep.routes-dir"));
        Path mappings = Path.of(environment.getRequiredProperty("lockstep.mappings-dir"));

        List<ConfigProblem> problems = new ArrayList<>();
        List<Path> routeFiles = RouteFileChecker.routeFiles(routes);
        problems.addAll(new RouteFileChecker(beanNames(environment), environment).check(routeFiles));
        List<Path> mappingFiles = MappingRegistry.mappingFiles(mappings);
        try {
            new MappingRegistry(mappings);
        } catch (InvalidMappingException e) {
            problems.addAll(e.problems());
        }

        if (!problems.isEmpty()) {
            problems.forEach(out::println);
            err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + routes + " and " + mappings);
            return 1;
        }
        out.println("OK: " + count(routeFiles.size(), "route file") + ", " + count(mappingFiles.size(), "mapping file"));
        return 0;
    }

    /** The environment start-up would have: Spring Boot's config files and profiles, the process environment, the arguments. */
    static ConfigurableEnvironment environment(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        ConfigDataEnvironmentPostProcessor.applyTo(environment);
        ConfigurationPropertySources.attach(environment); // relaxed names, as in the application
        new LockstepFolders().postProcessEnvironment(environment, null);
        new dev.lockstep.schedule.PairSchedules().postProcessEnvironment(environment, null); // lockstep.pairs.<pair>.cron
        return environment;
    }

    /**
     * The beans the application context would define from {@code dev.lockstep}: components by their
     * bean names, and the {@code @Bean} methods of configuration classes; plus Camel's own.
     */
    static Set<String> beanNames(ConfigurableEnvironment environment) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true, environment);
        SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
        Set<String> names = new TreeSet<>(CAMEL_BEANS);
        for (BeanDefinition candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
            names.add(AnnotationBeanNameGenerator.INSTANCE.generateBeanName(candidate, registry));
            if (candidate instanceof AnnotatedBeanDefinition annotated) {
                for (MethodMetadata method : annotated.getMetadata().getAnnotatedMethods(Bean.class.getName())) {
                    Map<String, Object> bean = method.getAnnotationAttributes(Bean.class.getName());
                    String[] declared = bean == null ? new String[0] : (String[]) bean.get("name");
                    names.addAll(declared.length > 0 ? List.of(declared) : List.of(method.getMethodName()));
                }
            }
        }
        return names;
    }

    /**
     * Only warnings and errors: without Spring Boot's logging set-up, Logback would print every
     * library's debug output around the one line this command is for.
     */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
