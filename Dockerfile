# Lockstep's container image: the Spring Boot jar extracted into its layers (dependencies change
# rarely, the application often, so a rebuild pushes only the small top layer), run as a non-root
# user on a JRE. Build the jar first, then the image:
#
#   mvn -B -DskipTests package
#   docker build -t lockstep:0.1.0 .
#
# The image holds the repository's routes/ and mappings/ as defaults; on Kubernetes the ConfigMaps
# from k8s/ are mounted over /config and LOCKSTEP_ROUTES_DIR / LOCKSTEP_MAPPINGS_DIR point there.

FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY target/lockstep-*.jar lockstep.jar
RUN java -Djarmode=tools -jar lockstep.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 lockstep \
 && useradd --system --uid 10001 --gid lockstep --home-dir /app --no-create-home lockstep
WORKDIR /app
# Least to most often changed, one image layer each.
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
COPY routes/ /app/routes/
COPY mappings/ /app/mappings/
USER 10001:10001
EXPOSE 8080
ENV LOCKSTEP_ROUTES_DIR=/app/routes \
    LOCKSTEP_MAPPINGS_DIR=/app/mappings \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
