# The taskmill CLI. Build from the repository root after `mvn package`:
#   docker build -f docker/producer.Dockerfile -t taskmill/producer .
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home taskmill && mkdir -p /app
COPY producer/target/taskmill.jar /app/taskmill.jar
USER 10001:10001

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/taskmill.jar"]
CMD ["--help"]
