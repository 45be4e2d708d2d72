package dev.lockstep.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** One test per kind of problem, each asserting the exact file:line:column and message; and the shipped routes check clean. */
class RouteFileCheckerTest {

    private static final Set<String> BEANS = Set.of("orderingGuard", "eventInbox", "lockstepDataSource", "deadLetterStore",
            "failureClock", "billing");

    @TempDir
    Path routes;

    private final MockEnvironment properties = new MockEnvironment()
            .withProperty("lockstep.inbox.batch-size", "200")
            .withProperty("lockstep.pipeline.auto-startup", "true");

    @Test
    void aYamlSyntaxErrorIsReportedWhereTheParserStopped() throws IOException {
        write("broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: "timer:x
                      steps: []
                """);

        assertThat(lines(check())).containsExactly(
                "broken.camel.yaml:6:1: not valid YAML: found unexpected end of stream"
                        + " (fix: fix the YAML syntax at this position (indentation, a missing ':' or quote))");
    }

    @Test
    void anUnknownStepIsReportedAtItsKeyWithTheClosestStepName() throws IOException {
        write("a.camel.yaml", """
                - route:
                    id: a
                    from:
                      uri: timer:x
                      steps:
                        - notAStep: {}
                        - procss:
                            ref: orderingGuard
                """);

        List<ConfigProblem> problems = check();

        assertThat(problems).extracting(ConfigProblem::line, ConfigProblem::column, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(6, 11, "unknown key 'notAStep' in route steps"),
                org.assertj.core.groups.Tuple.tuple(7, 11, "unknown key 'procss' in route steps"));
        assertThat(problems.get(0).hint()).startsWith("allowed here: aggregate, bean, choice,");
        assertThat(problems.get(1).hint()).isEqualTo("did you mean 'process'?");
    }

    @Test
    void anUnknownOptionOfAStepIsOneProblemNotOnePerAlternativeOfTheSchema() throws IOException {
        write("a.camel.yaml", """
                - route:
                    id: a
                    from:
                      uri: timer:x
                      steps:
                        - to:
                            uri: log:x
                            uir: log:y
                """);

        assertThat(lines(check())).containsExactly(
                "a.camel.yaml:8:13: unknown key 'uir' in 'to' (fix: did you mean 'uri'?)");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedAtTheValue() throws IOException {
        write("a.camel.yaml", """
                - route:
                    id: a
                    from:
                      uri: timer:x
                      steps:
                        - process:
                            ref: [orderingGuard, eventInbox]
                        - log:
                            message: hi
                            disabled: maybe
                        - to: [log:x]
                """);

        assertThat(lines(check())).containsExactly(
                "a.camel.yaml:7:18: 'ref' must be text, found a list (fix: write a single value here)",
                "a.camel.yaml:10:23: 'disabled' must be true or false, found 'maybe' (fix: write true or false (or a {{placeholder}}))",
                "a.camel.yaml:11:15: 'to' must be text or a map of keys, found a list (fix: write its keys on the lines below, indented)");
    }

    @Test
    void valuesCamelConvertsFromTextAreAccepted() throws IOException {
        write("a.camel.yaml", """
                - route:
                    id: a
                    autoStartup: "{{lockstep.pipeline.auto-startup}}"
                    from:
                      uri: timer:x
                      parameters:
                        delay: 100
                      steps:
                        - idempotentConsumer:
                            simple: "${body}"
                            idempotentRepository: "#eventInbox"
                            skipDuplicate: "false"
                            steps: []
                """);

        assertThat(check()).isEmpty();
    }

    @Test
    void anUnknownBeanIsReportedWhereverABeanIsNamed() throws IOException {
        write("a.camel.yaml", """
                - route:
                    id: a
                    from:
                      uri: sql:select 1
                      parameters:
                        dataSource: "#lockstepDataSorce"
                      steps:
                        - process:
                            ref: orderingGuards
                        - to: bean:deadLetterStore
                        - to: bean:nobodyHere?method=store
                        - idempotentConsumer:
                            simple: "${body}"
                            idempotentRepository: "#eventInbox"
                            steps: []
                """);

        assertThat(lines(check())).containsExactly(
                "a.camel.yaml:6:21: unknown bean 'lockstepDataSorce' ('dataSource' value) (fix: did you mean 'lockstepDataSource'?)",
                "a.camel.yaml:9:18: unknown bean 'orderingGuards' (process ref) (fix: did you mean 'orderingGuard'?)",
                "a.camel.yaml:11:15: unknown bean 'nobodyHere' (bean: endpoint)"
                        + " (fix: name a Spring bean of the application, e.g. @Component(\"nobodyHere\"))");
    }

    @Test
    void aDirectEndpointNoRouteConsumesIsReported() throws IOException {
        write("a.camel.yaml", """
                - route:
                    id: a
                    from:
                      uri: timer:x
                      steps:
                        - to: direct:audit
                        - to:
                            uri: direct:audti?timeout=100
                        - wireTap:
                            uri: seda:elsewhere
                        - toD: direct:${header.next}
                """);
        write("b.camel.yaml", """
                - route:
                    id: b
                    from:
                      uri: direct:audit
                      steps:
                        - log: audited
                """);

        assertThat(lines(check())).containsExactly(
                "a.camel.yaml:8:18: nothing consumes 'direct:audti': no route has from: direct:audti (fix: did you mean 'direct:audit'?)",
                "a.camel.yaml:10:18: nothing consumes 'seda:elsewhere': no route has from: seda:elsewhere"
                        + " (fix: add a route with from: uri: seda:elsewhere, or send somewhere else)");
    }

    @Test
    void anUnknownRouteConfigurationIdIsReported() throws IOException {
        write("shared.camel.yaml", """
                - routeConfiguration:
                    id: lockstep-pipeline
                    onException:
                      - onException:
                          exception:
                            - java.lang.Exception
                          handled:
                            constant: "true"
                """);
        write("a.camel.yaml", """
                - route:
                    id: a
                    routeConfigurationId: lockstep-pipelin
                    from:
                      uri: timer:x
                      steps:
                        - log: x
                """);

        assertThat(lines(check())).containsExactly(
                "a.camel.yaml:3:27: unknown routeConfigurationId 'lockstep-pipelin' (fix: did you mean 'lockstep-pipeline'?)");
    }

    @Test
    void aRouteIdUsedTwiceAcrossFilesIsReportedAtTheSecondUse() throws IOException {
        String route = """
                - route:
                    id: crm-to-billing
                    from:
                      uri: timer:x
                      steps:
                        - log: x
                """;
        write("a.camel.yaml", route);
        write("b.camel.yaml", route);

        assertThat(lines(check())).containsExactly(
                "b.camel.yaml:2:9: route id 'crm-to-billing' is already used at a.camel.yaml:2:9 (fix: give each route its own id)");
    }

    @Test
    void aPlaceholderWithoutValueOrDefaultIsReportedAtThePlaceholder() throws IOException {
        write("a.camel.yaml", """
                - route:
                    id: a
                    from:
                      uri: "sql:select 1 limit {{lockstep.inbox.batch-size}} offset {{lockstep.inbox.offset}}"
                      parameters:
                        delay: "{{lockstep.inbox.poll-delay-ms:100}}"
                        password: "{{?lockstep.optional}}"
                      steps:
                        - log: "{{env:LOCKSTEP_SURELY_UNSET_VARIABLE}}"
                """);

        assertThat(lines(check())).containsExactly(
                "a.camel.yaml:4:69: placeholder {{lockstep.inbox.offset}} has no value (fix: set lockstep.inbox.offset"
                        + " in application.yaml or as LOCKSTEP_INBOX_OFFSET, or give a default: {{lockstep.inbox.offset:value}})",
                "a.camel.yaml:9:17: placeholder {{env:LOCKSTEP_SURELY_UNSET_VARIABLE}} has no value (fix: set"
                        + " LOCKSTEP_SURELY_UNSET_VARIABLE in the environment, or give a default: {{env:LOCKSTEP_SURELY_UNSET_VARIABLE:value}})");
    }

    @Test
    void everyProblemOfEveryFileIsReportedTogetherInFileOrder() throws IOException {
        write("b.camel.yaml", """
                - route:
                    id: b
                    from:
                      uri: timer:x
                      steps:
                        - process:
                            ref: nobody
                        - to: direct:nowhere
                """);
        write("a.camel.yaml", """
                - route:
                    id: a
                    from:
                      uri: timer:x
                      steps:
                        - notAStep: {}
                - rout:
                    id: c
                """);
        write("ignored.yaml", "not: [a route file");

        assertThat(check()).extracting(ConfigProblem::toString).map(RouteFileCheckerTest::withoutHint).containsExactly(
                "a.camel.yaml:6:11: unknown key 'notAStep' in route steps",
                "a.camel.yaml:7:3: unknown key 'rout' at the top level of the file",
                "b.camel.yaml:7:18: unknown bean 'nobody' (process ref)",
                "b.camel.yaml:8:15: nothing consumes 'direct:nowhere': no route has from: direct:nowhere");
    }

    @Test
    void theShippedRoutesCheckClean() {
        var environment = LockstepCheck.environment(new String[0]);
        Set<String> beans = LockstepCheck.beanNames(environment);

        long start = System.nanoTime();
        List<ConfigProblem> problems = new RouteFileChecker(beans, environment).check(Path.of("routes"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(problems).isEmpty();
        System.out.println("Checked the shipped route files in " + millis + " ms");
    }

    private List<ConfigProblem> check() {
        return new RouteFileChecker(BEANS, properties).check(routes);
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(routes.resolve(name), content);
    }

    private static List<String> lines(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }

    private static String withoutHint(String line) {
        return line.replaceFirst(" \\(fix: .*\\)$", "");
    }
}
